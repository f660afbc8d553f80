// The extension's engines for one window: built once per (name, options), kept while the
// window lives, with one pair cache so a re-rank reuses every score already computed.
import { blendExample, type BlendOptions } from "../core/blend";
import { EngineFactory } from "../core/engines";
import type { EngineContext } from "../core/engine-options";
import { isAbortError } from "../core/errors";
import type { Fuser } from "../core/fuse/fuser";
import { PairCache } from "../core/rank/pair-cache";
import { rankExample } from "../core/rank/rank-example";
import type { BlendExample, BlendIssue, BlendResult, Ranker } from "../core/types";
import type { ChatModel } from "../core/chat/chat-model";
import type { EnginePlan, EngineSpec } from "./engine-plan";

function specKey(spec: EngineSpec): string {
  return spec.name + "\u0000" + JSON.stringify(spec.options);
}

/** Problems an engine collected while running (the judge's unparseable verdicts, failed calls). */
function engineIssues(engine: object): BlendIssue[] {
  const issues = (engine as { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as BlendIssue[]) : [];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class BlendEngines {
  readonly cache = new PairCache();
  private readonly rankers = new Map<string, Promise<Ranker>>();
  private readonly fusers = new Map<string, Promise<Fuser>>();

  /** `chatModels`: the window's chat models by id (VS Code's, local servers), for the judge ranker and the llm fuser. */
  constructor(
    private readonly factory: EngineFactory = new EngineFactory(),
    private readonly chatModels?: (id: string) => ChatModel | undefined,
  ) {}

  private context(opts: Omit<BlendOptions, "cache">): EngineContext {
    return { signal: opts.signal, onProgress: opts.onProgress, ...(this.chatModels ? { chatModels: this.chatModels } : {}) };
  }

  private get<T>(map: Map<string, Promise<T>>, spec: EngineSpec, create: () => Promise<T>): Promise<T> {
    const key = specKey(spec);
    let p = map.get(key);
    if (!p) {
      p = create();
      map.set(key, p);
      // A failed or cancelled build is not remembered: the next blend tries again.
      p.catch(() => map.delete(key));
    }
    return p;
  }

  ranker(spec: EngineSpec, ctx: EngineContext = {}): Promise<Ranker> {
    return this.get(this.rankers, spec, () => this.factory.ranker(spec.name, spec.options, ctx));
  }

  fuser(spec: EngineSpec, ctx: EngineContext = {}): Promise<Fuser> {
    return this.get(this.fusers, spec, () => this.factory.fuser(spec.name, spec.options, ctx));
  }

  /**
   * rank → fuse. A fuser that cannot be built does not lose the ranking: the blend goes on
   * without fusion and the failure is one of `result.issues`. `fuse: false` ranks only
   * (`fused` stays null and no fuser is built).
   */
  async blend(example: BlendExample, plan: EnginePlan, opts: Omit<BlendOptions, "cache"> & { fuse?: boolean } = {}): Promise<BlendResult> {
    const fuse = opts.fuse ?? true;
    this.evictOthers(plan, fuse);
    const ctx = this.context(opts);
    const ranker = await this.ranker(plan.ranker, ctx);
    let fuser: Fuser | null = null;
    const fuserIssues: BlendIssue[] = [];
    if (fuse) {
      try {
        fuser = await this.fuser(plan.fuser, ctx);
      } catch (e) {
        if (isAbortError(e)) throw e;
        fuserIssues.push({ where: `fuser ${plan.fuser.name}`, message: message(e) });
      }
    }
    const seen = engineIssues(ranker).length;
    const result = await blendExample(example, ranker, fuser, plan.blend, { ...opts, cache: this.cache });
    result.issues.push(...engineIssues(ranker).slice(seen), ...fuserIssues);
    return result;
  }

  /**
   * Re-ranks a finished blend with another plan or aggregator, without collecting again.
   * Scores come from the pair cache where possible; the fused answer is kept when the top K
   * answers are the same, and fused again otherwise.
   */
  async rerank(previous: BlendResult, plan: EnginePlan, opts: Omit<BlendOptions, "cache"> = {}): Promise<BlendResult> {
    const ctx = this.context(opts);
    const ranker = await this.ranker(plan.ranker, ctx);
    const seen = engineIssues(ranker).length;
    const rank = await rankExample(previous.example, ranker, plan.blend, this.cache, opts);
    const rankIssues = engineIssues(ranker).slice(seen);
    const fused = previous.fused;
    const k = fused?.topK ?? plan.blend.fuseTopK;
    const topModels = rank.ranking.slice(0, k).map((r) => r.model);
    const fusedModels = previous.rank.ranking.slice(0, k).map((r) => r.model);
    const sameTop = fused !== null && topModels.length === fusedModels.length && topModels.every((m, i) => m === fusedModels[i]);
    if (sameTop || fused === null) {
      return { ...previous, rank, top: previous.example.candidates[rank.ranking[0].candidate], issues: [...previous.issues, ...rankIssues] };
    }
    const example = { ...previous.example, errors: [...previous.issues.filter((i) => !i.where.startsWith("fuser ")), ...rankIssues] };
    return this.blend(example, { ...plan, blend: { ...plan.blend, fuseTopK: k } }, opts);
  }

  /**
   * Models are big (PairRM large is over 1 GB): once the settings name other engines, the
   * old ones are disposed instead of kept alongside. Scores stay in the pair cache.
   */
  private evictOthers(plan: EnginePlan, fusers = true): void {
    const drop = <T extends { dispose?(): Promise<void> }>(map: Map<string, Promise<T>>, keep: string) => {
      for (const [key, p] of map) {
        if (key === keep) continue;
        map.delete(key);
        void p.then((e) => e.dispose?.(), () => undefined).catch(() => undefined);
      }
    };
    drop(this.rankers, specKey(plan.ranker));
    if (fusers) drop(this.fusers, specKey(plan.fuser));
  }

  /** Engines currently built or being built (for tests and the log). */
  get loaded(): { rankers: number; fusers: number } {
    return { rankers: this.rankers.size, fusers: this.fusers.size };
  }

  async close(): Promise<void> {
    const all = [...this.rankers.values(), ...this.fusers.values()];
    this.rankers.clear();
    this.fusers.clear();
    await Promise.all(all.map((p) => p.then((e) => e.dispose?.(), () => undefined)));
    await this.factory.close();
  }
}
