import type { PairInput, PairwiseRanker } from "../../types";
import { seededUnit } from "../../hash";

/** Baseline: each answer gets a seeded random score (stable per source and text); logit = difference. */
export class RandomRanker implements PairwiseRanker {
  readonly name = "random";
  readonly modelId: string;
  constructor(private readonly seed: number) {
    this.modelId = `random:${seed}`;
  }
  async scorePairs(pairs: PairInput[]): Promise<number[]> {
    return pairs.map((p) => 4 * (seededUnit(this.seed, p.source + "\u0000" + p.a) - seededUnit(this.seed, p.source + "\u0000" + p.b)));
  }
}
