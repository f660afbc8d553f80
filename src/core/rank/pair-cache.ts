import { BoundedCache } from "../bounded-cache";
import { contentHash } from "../hash";

/**
 * Pair scores keyed by a content hash of (engine, model, source, a, b): no pair is scored twice.
 * Bounded, with O(1) work per lookup and insert however many pairs go through it (a batch of
 * a million records keeps it full and evicting).
 */
export class PairCache {
  private readonly cache: BoundedCache<string, number>;
  constructor(maxEntries = 200_000) {
    this.cache = new BoundedCache(maxEntries);
  }

  static key(engine: string, modelId: string, source: string, a: string, b: string): string {
    return contentHash(engine, modelId, source, a, b);
  }

  get(key: string): number | undefined {
    return this.cache.get(key);
  }

  set(key: string, value: number): void {
    this.cache.set(key, value);
  }

  get size(): number {
    return this.cache.size;
  }

  get maxEntries(): number {
    return this.cache.capacity;
  }

  /** Work done so far (map operations), for scale tests. */
  get operations(): number {
    return this.cache.operations;
  }
}
