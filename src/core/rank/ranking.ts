// From aggregated scores to the ranked list every ranker's result carries.
import type { BlendExample, RankedCandidate } from "../types";
import { orderByScore, scoresToRanks, type Aggregation } from "./aggregators";

/** Candidates the plan itself ordered (`decided`, best first) come first; the rest follow by aggregated score. */
export function rankingFrom(example: BlendExample, agg: Aggregation, decided: readonly number[] = []): RankedCandidate[] {
  const ranks = scoresToRanks(agg.scores);
  // Order from the same rounded score the ranks come from: equal ranks stay in index order.
  const rest = orderByScore(
    example.candidates.map((_, i) => i).filter((i) => !decided.includes(i)),
    agg.scores,
  );
  const restRanks = scoresToRanks(rest.map((i) => agg.scores[i]));
  const order = [...decided, ...rest];
  return order.map((i, pos) => ({
    candidate: i,
    model: example.candidates[i].model,
    rank: decided.length === 0 ? ranks[i] : pos < decided.length ? pos + 1 : decided.length + restRanks[pos - decided.length],
    score: agg.scores[i],
    wins: agg.wins[i],
    ...(agg.strengths ? { strength: agg.strengths[i] } : {}),
  }));
}
