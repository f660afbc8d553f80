import type { BlendExample, RankResult } from "../../src/core/types";

/** A RankResult that gives candidate i the score scores[i] (equal scores share a rank), for metric tests. */
export function rankedByScores(ex: BlendExample, scores: number[]): RankResult {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  return {
    id: ex.id,
    ranker: "t",
    modelId: "t",
    plan: "full",
    aggregate: "max-logits",
    ranking: order.map(([s, i]) => ({ candidate: i, model: ex.candidates[i].model, rank: 1 + scores.filter((x) => x > s).length, score: s, wins: 0 })),
    matrix: [],
    comparisons: 0,
    cacheHits: 0,
  };
}
