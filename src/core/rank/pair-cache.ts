import type { BallotStore } from "../types";
import { contentHash } from "../hash";

/**
 * Pair scores keyed by a content hash of (engine, model, source, a, b): no pair is scored
 * twice. Listwise ballots are kept here too (by judge, prompt and answers as shown).
 */
export class PairCache implements BallotStore {
  private readonly map = new Map<string, number>();
  private readonly ballots = new Map<string, readonly number[]>();
  constructor(private readonly maxEntries = 200_000) {}

  getBallot(key: string): readonly number[] | undefined {
    return this.ballots.get(key);
  }

  setBallot(key: string, order: readonly number[]): void {
    if (this.ballots.size >= this.maxEntries) {
      const oldest = this.ballots.keys().next().value;
      if (oldest !== undefined) this.ballots.delete(oldest);
    }
    this.ballots.set(key, [...order]);
  }

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
