import type { AggregatorName, BlendExample, PairwiseRanker, PlanName, RankResult, RankedCandidate, RunOptions } from "../types";
import { sourceText } from "../types";
import { aggregate, orderByScore, scoresToRanks, type Matrix } from "./aggregators";
import { PairCache } from "./pair-cache";
import { PairScorer } from "./pair-scorer";
import { expectedCalls, runPlan } from "./plans";

export interface RankSettings {
  plan: PlanName;
  aggregate: AggregatorName;
  seed: number;
  /** How many winners the topk plan must find. */
  topK: number;
}

export const DEFAULT_RANK_SETTINGS: RankSettings = { plan: "full", aggregate: "max-logits", seed: 0, topK: 3 };

/** Runs a comparison plan over one example's candidates and aggregates the matrix into a ranking. */
export async function rankExample(
  example: BlendExample,
  ranker: PairwiseRanker,
  settings: RankSettings,
  cache: PairCache = new PairCache(),
  opts: RunOptions = {},
): Promise<RankResult> {
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
  const ranks = scoresToRanks(agg.scores);

  // Candidates the plan itself ordered come first; the rest follow by aggregated score.
  const decided = outcome.decided;
  const rest = orderByScore(
    example.candidates.map((_, i) => i).filter((i) => !decided.includes(i)),
    agg.scores,
  );
  const restRanks = scoresToRanks(rest.map((i) => agg.scores[i]));
  const order = [...decided, ...rest];
  const ranking: RankedCandidate[] = order.map((i, pos) => ({
    candidate: i,
    model: example.candidates[i].model,
    rank: decided.length === 0 ? ranks[i] : pos < decided.length ? pos + 1 : decided.length + restRanks[pos - decided.length],
    score: agg.scores[i],
    wins: agg.wins[i],
    ...(agg.strengths ? { strength: agg.strengths[i] } : {}),
  }));
  return {
    id: example.id,
    ranker: ranker.name,
    modelId: ranker.modelId,
    plan: settings.plan,
    aggregate: settings.aggregate,
    ranking,
    matrix,
    comparisons,
    cacheHits: scorer.cacheHits,
  };
}
