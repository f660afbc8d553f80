import { contentHash } from "../hash";

/** Pair scores keyed by a content hash of (engine, model, source, a, b): no pair is scored twice. */
export class PairCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly maxEntries = 200_000) {}

  static key(engine: string, modelId: string, source: string, a: string, b: string): string {
    return contentHash(engine, modelId, source, a, b);
  }

  get(key: string): number | undefined {
    return this.map.get(key);
  }

  set(key: string, value: number): void {
    if (this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
