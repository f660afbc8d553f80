// The rank step for listwise rankers: ballots → matrix → the chosen aggregator, plus how each
// judge agrees with the pooled ranking.
import type { Ballot, BallotReport, BlendExample, JudgeAgreement, ListRankOutcome, ListwiseRanker, RankResult, RunOptions } from "../types";
import { sourceText } from "../types";
import { kendallTau, scoresFromOrder } from "../eval/kendall";
import { aggregate } from "./aggregators";
import { ballotsToMatrix } from "./ballots";
import type { PairCache } from "./pair-cache";
import type { RankSettings } from "./rank-example";
import { rankingFrom } from "./ranking";

/** Mean τ of one judge's ballots against the pooled scores, each over the answers it ranked. */
function agreement(ballots: readonly Ballot[], pooled: readonly number[]): number | null {
  const taus = ballots
    .map((b) => kendallTau(scoresFromOrder(pooled.length, b.order), pooled, b.order))
    .filter((t): t is number => t !== null);
  return taus.length ? taus.reduce((a, t) => a + t, 0) / taus.length : null;
}

export function ballotReport(orders: number, out: ListRankOutcome, pooled: readonly number[]): BallotReport {
  const judges: JudgeAgreement[] = out.judges.map((j) => {
    const own = out.ballots.filter((b) => b.judge === j.judge);
    return { judge: j.judge, asked: j.asked, counted: own.length, dropped: j.dropped, agreement: agreement(own, pooled) };
  });
  return {
    orders,
    requests: out.requests,
    counted: out.ballots.length,
    dropped: out.judges.reduce((a, j) => a + j.dropped, 0),
    judges,
    cut: out.cut,
  };
}

export async function rankByBallots(
  example: BlendExample,
  ranker: ListwiseRanker,
  settings: RankSettings,
  cache: PairCache,
  opts: RunOptions = {},
): Promise<RankResult> {
  const n = example.candidates.length;
  const out = await ranker.rankList({ source: sourceText(example), candidates: example.candidates, seed: settings.seed }, { ...opts, ballots: cache });
  const matrix = ballotsToMatrix(n, out.ballots);
  const agg = aggregate(settings.aggregate, matrix);
  return {
    id: example.id,
    ranker: ranker.name,
    modelId: ranker.modelId,
    // Every pair any ballot ranked is in the matrix: the whole matrix, as with the full plan.
    plan: "full",
    aggregate: settings.aggregate,
    ranking: rankingFrom(example, agg),
    matrix,
    comparisons: out.requests,
    cacheHits: out.cached,
    mode: ranker.mode,
    ballots: ballotReport(ranker.orders, out, agg.scores),
  };
}
