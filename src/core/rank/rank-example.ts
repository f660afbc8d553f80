import type { BlendExample, Ranker, RankResult, RunOptions } from "../types";
import { isListwiseRanker, sourceText } from "../types";
import type { AggregatorName, PlanName } from "../types";
import { aggregate, type Matrix } from "./aggregators";
import { PairCache } from "./pair-cache";
import { PairScorer } from "./pair-scorer";
import { expectedCalls, runPlan } from "./plans";
import { rankByBallots } from "./rank-list";
import { rankingFrom } from "./ranking";

export interface RankSettings {
  plan: PlanName;
  aggregate: AggregatorName;
  seed: number;
  /** How many winners the topk plan must find. */
  topK: number;
}

export const DEFAULT_RANK_SETTINGS: RankSettings = { plan: "full", aggregate: "max-logits", seed: 0, topK: 3 };

/**
 * Ranks one example's candidates: a pairwise ranker through the comparison plan, a listwise
 * ranker (listwise judge, council) through its ballots; either way a matrix, aggregated.
 */
export async function rankExample(
  example: BlendExample,
  ranker: Ranker,
  settings: RankSettings,
  cache: PairCache = new PairCache(),
  opts: RunOptions = {},
): Promise<RankResult> {
  if (isListwiseRanker(ranker)) return rankByBallots(example, ranker, settings, cache, opts);
  const n = example.candidates.length;
  const source = sourceText(example);
  const matrix: Matrix = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
  const scorer = new PairScorer(ranker, cache, opts);
  scorer.expect(expectedCalls(settings.plan, n, settings.topK));
  let comparisons = 0;
  const scoreOrdered = async (pairs: Array<[number, number]>) => {
    const logits = await scorer.score(
      pairs.map(([i, j]) => ({ source, a: example.candidates[i].text, b: example.candidates[j].text })),
    );
    pairs.forEach(([i, j], k) => {
      if (matrix[i][j] === null) comparisons++;
      matrix[i][j] = logits[k];
    });
    return logits;
  };
  const outcome = await runPlan(settings.plan, n, scoreOrdered, settings);
  const agg = aggregate(settings.aggregate, matrix);
  return {
    id: example.id,
    ranker: ranker.name,
    modelId: ranker.modelId,
    plan: settings.plan,
    aggregate: settings.aggregate,
    ranking: rankingFrom(example, agg, outcome.decided),
    matrix,
    comparisons,
    cacheHits: scorer.cacheHits,
  };
}
