// Recent blends, kept whole in workspace storage (so reopening needs no recompute), newest first, bounded.
import type { BlendRecord } from "../protocol";

/** The part of vscode.Memento used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const HISTORY_KEY = "answerBlender.history";
export const DEFAULT_HISTORY_LIMIT = 30;
/** Older blends are dropped while the stored history is bigger than this (JSON characters). */
export const DEFAULT_HISTORY_MAX_CHARS = 8_000_000;

/** Records written by another version may not have today's shape: keep only those that do. */
function looksLikeRecord(x: unknown): x is BlendRecord {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Partial<BlendRecord>;
  return (
    typeof r.blendId === "string" &&
    typeof r.createdAt === "string" &&
    typeof r.result === "object" &&
    r.result !== null &&
    Array.isArray(r.result.rank?.ranking) &&
    Array.isArray(r.result.example?.candidates)
  );
}

export class HistoryStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly memento: MementoLike,
    readonly limit = DEFAULT_HISTORY_LIMIT,
    readonly maxChars = DEFAULT_HISTORY_MAX_CHARS,
  ) {}

  /** Newest first. */
  list(): BlendRecord[] {
    const raw = this.memento.get<unknown>(HISTORY_KEY);
    return Array.isArray(raw) ? raw.filter(looksLikeRecord) : [];
  }

  get(blendId: string): BlendRecord | undefined {
    return this.list().find((r) => r.blendId === blendId);
  }

  latest(): BlendRecord | undefined {
    return this.list()[0];
  }

  /** Adds a blend at the top; a record with the same id (a re-rank) replaces the old one. */
  async add(record: BlendRecord): Promise<void> {
    const rest = this.list().filter((r) => r.blendId !== record.blendId);
    await this.save([record, ...rest].slice(0, this.limit));
  }

  /** Replaces a record in place (keeps its position); adds it when unknown. */
  async update(record: BlendRecord): Promise<void> {
    const list = this.list();
    const i = list.findIndex((r) => r.blendId === record.blendId);
    if (i < 0) return this.add(record);
    list[i] = record;
    await this.save(list);
  }

  async delete(blendId: string): Promise<boolean> {
    const list = this.list();
    const rest = list.filter((r) => r.blendId !== blendId);
    if (rest.length === list.length) return false;
    await this.save(rest);
    return true;
  }

  async clear(): Promise<void> {
    await this.save([]);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async save(list: BlendRecord[]): Promise<void> {
    const kept = [...list];
    // The newest blend is always kept, however big.
    while (kept.length > 1 && JSON.stringify(kept).length > this.maxChars) kept.pop();
    await this.memento.update(HISTORY_KEY, kept);
    for (const l of this.listeners) l();
  }
}
