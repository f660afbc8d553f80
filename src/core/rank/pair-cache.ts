import { createHash } from "node:crypto";
import type { BallotStore } from "../types";
import { BoundedCache } from "../bounded-cache";

/**
 * Pair scores keyed by a content hash of (engine, model, source, a, b): no pair is scored twice.
 * Listwise ballots are kept here too (by judge, prompt and answers as shown). Bounded, with
 * O(1) work per lookup and insert however many pairs go through it (a batch of a million
 * records keeps it full and evicting).
 */
export class PairCache implements BallotStore {
  private readonly cache: BoundedCache<string, number>;
  private readonly ballots: BoundedCache<string, readonly number[]>;
  constructor(maxEntries = 200_000) {
    this.cache = new BoundedCache(maxEntries);
    this.ballots = new BoundedCache(maxEntries);
  }

  /**
   * SHA-256 of the length-prefixed parts in one call (the lengths make the joined string
   * unambiguous), as 44 base64 characters: a hash call per part costs more than the ranking
   * itself on big batches, and shorter keys keep the cache small.
   */
  static key(engine: string, modelId: string, source: string, a: string, b: string): string {
    const joined = `${engine.length}:${engine}${modelId.length}:${modelId}${source.length}:${source}${a.length}:${a}${b.length}:${b}`;
    return createHash("sha256").update(joined).digest("base64");
  }

  get(key: string): number | undefined {
    return this.cache.get(key);
  }

  set(key: string, value: number): void {
    this.cache.set(key, value);
  }

  getBallot(key: string): readonly number[] | undefined {
    return this.ballots.get(key);
  }

  setBallot(key: string, order: readonly number[]): void {
    this.ballots.set(key, [...order]);
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
