// Agreement between a ranker and a judge: pairwise accuracy, Spearman, GPT-Rank of the pick.
import type { BlendExample, RankResult } from "../types";
import { charCount } from "../rank/engines/length";
import { ClusterSums } from "./uncertainty";

/** One judged pair: pref = +1 if candidate a is better, −1 if b, 0 for a tie. */
export interface JudgePair {
  a: number;
  b: number;
  pref: 1 | -1 | 0;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/** Judge pairs from `judgments` if the example has them, otherwise from `scores` (closer than tieMargin = tie). */
export function judgePairs(ex: BlendExample, tieMargin: number): JudgePair[] {
  const idx = new Map(ex.candidates.map((c, i) => [c.model, i]));
  if (ex.judgments?.length) {
    const out: JudgePair[] = [];
    for (const j of ex.judgments) {
      const a = idx.get(j.a);
      const b = idx.get(j.b);
      if (a === undefined || b === undefined || a === b) continue;
      out.push({ a, b, pref: j.winner === "a" ? 1 : j.winner === "b" ? -1 : 0 });
    }
    return out;
  }
  if (!ex.scores) return [];
  const scored = ex.candidates.map((c, i) => [i, ex.scores?.[c.model]] as const).filter((x): x is readonly [number, number] => x[1] !== undefined);
  const out: JudgePair[] = [];
  for (let x = 0; x < scored.length; x++)
    for (let y = x + 1; y < scored.length; y++) {
      const [a, sa] = scored[x];
      const [b, sb] = scored[y];
      const d = sa - sb;
      out.push({ a, b, pref: Math.abs(d) < tieMargin ? 0 : d > 0 ? 1 : -1 });
    }
  return out;
}

/**
 * The judge's points per candidate (undefined = not judged): its score, or GPT-Rank points from
 * judgments (+1 win, −1 loss; "Same good" +0.5 each, "Same bad" −0.5 each).
 */
export function judgePoints(ex: BlendExample): Array<number | undefined> {
  if (ex.judgments?.length) {
    const idx = new Map(ex.candidates.map((c, i) => [c.model, i]));
    const pts: Array<number | undefined> = ex.candidates.map(() => undefined);
    const add = (i: number | undefined, v: number) => {
      if (i !== undefined) pts[i] = (pts[i] ?? 0) + v;
    };
    for (const j of ex.judgments) {
      const a = idx.get(j.a);
      const b = idx.get(j.b);
      const tie = j.tieQuality === "good" ? 0.5 : j.tieQuality === "bad" ? -0.5 : 0;
      add(a, j.winner === "a" ? 1 : j.winner === "b" ? -1 : tie);
      add(b, j.winner === "b" ? 1 : j.winner === "a" ? -1 : tie);
    }
    return pts;
  }
  return ex.candidates.map((c) => ex.scores?.[c.model]);
}

/** Ranks 1 = best, equal values share the better rank (GPT-Rank style). */
export function competitionRanks(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => round(w) > round(v)).length);
}

/** Average ranks (ties get the mean of their positions), for Spearman. */
export function averageRanks(values: number[]): number[] {
  const order = values.map((v, i) => [round(v), i] as const).sort((x, y) => y[0] - x[0]);
  const ranks = new Array<number>(values.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1][0] === order[s][0]) e++;
    const avg = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++) ranks[order[k][1]] = avg;
    s = e + 1;
  }
  return ranks;
}

/** Spearman's rho as the Pearson correlation of average ranks; null when either side is constant. */
export function spearman(x: number[], y: number[]): number | null {
  if (x.length < 2) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i] - mx) * (ry[i] - my);
    dx += (rx[i] - mx) ** 2;
    dy += (ry[i] - my) ** 2;
  }
  if (dx === 0 || dy === 0) return null;
  return num / Math.sqrt(dx * dy);
}

export interface ExampleEval {
  pairs: number;
  correct: number;
  ties: number;
  spearman: number | null;
  top1JudgeRank: number | null;
  lengthMatchedPairs: number;
  lengthMatchedCorrect: number;
  /** Credit (1, 0.5 for a ranker tie, 0) of each non-tie judge pair, in judgePairs order, for paired comparisons. */
  credits: number[];
  /** Whether each of those pairs is length-matched. */
  pairIsLengthMatched: boolean[];
}

/** Lengths within this ratio of each other make a "length-matched" pair. */
export const LENGTH_MATCH_RATIO = 0.2;

export function evaluateExample(ex: BlendExample, rank: RankResult, tieMargin: number): ExampleEval {
  const score = new Array<number>(ex.candidates.length).fill(0);
  for (const r of rank.ranking) score[r.candidate] = r.score;
  const lens = ex.candidates.map((c) => charCount(c.text));
  const out: ExampleEval = { pairs: 0, correct: 0, ties: 0, spearman: null, top1JudgeRank: null, lengthMatchedPairs: 0, lengthMatchedCorrect: 0, credits: [], pairIsLengthMatched: [] };
  for (const p of judgePairs(ex, tieMargin)) {
    if (p.pref === 0) {
      out.ties++;
      continue;
    }
    const d = round(score[p.a]) - round(score[p.b]);
    const credit = d === 0 ? 0.5 : Math.sign(d) === p.pref ? 1 : 0;
    out.pairs++;
    out.correct += credit;
    const [la, lb] = [lens[p.a], lens[p.b]];
    const matched = Math.abs(la - lb) <= LENGTH_MATCH_RATIO * Math.max(la, lb);
    if (matched) {
      out.lengthMatchedPairs++;
      out.lengthMatchedCorrect += credit;
    }
    out.credits.push(credit);
    out.pairIsLengthMatched.push(matched);
  }
  const pts = judgePoints(ex);
  const judged = pts.map((p, i) => [i, p] as const).filter((x): x is readonly [number, number] => x[1] !== undefined);
  if (judged.length >= 2) {
    out.spearman = spearman(
      judged.map(([i]) => score[i]),
      judged.map(([, p]) => p),
    );
    const jr = competitionRanks(judged.map(([, p]) => p));
    const judgeRank = new Map(judged.map(([i], k) => [i, jr[k]]));
    const picks = rank.ranking.filter((r) => r.rank === 1 && judgeRank.has(r.candidate));
    if (picks.length) out.top1JudgeRank = picks.reduce((a, r) => a + (judgeRank.get(r.candidate) ?? 0), 0) / picks.length;
  }
  return out;
}

export interface EvalSummary {
  ranker: string;
  examples: number;
  pairs: number;
  pairwiseAccuracy: number | null;
  /** Standard error of pairwiseAccuracy, clustered by example. */
  pairwiseAccuracySE: number | null;
  ties: number;
  spearman: number | null;
  top1JudgeRank: number | null;
  candidatesPerExample: number;
  comparisons: number;
  lengthMatched: { ratio: number; pairs: number; pairwiseAccuracy: number | null; se: number | null };
}

/** Mean of the values added (null when none were). */
class RunningMean {
  private n = 0;
  private sum = 0;
  add(x: number | null): void {
    if (x === null) return;
    this.n++;
    this.sum += x;
  }
  get value(): number | null {
    return this.n ? this.sum / this.n : null;
  }
}

/**
 * The evaluation summary built one example at a time in O(1) memory, so a dataset of any size
 * streams through `eval` (nothing per example is kept).
 */
export class EvalAccumulator {
  private examples = 0;
  private pairs = 0;
  private correct = 0;
  private ties = 0;
  private lmPairs = 0;
  private lmCorrect = 0;
  private comparisons = 0;
  private readonly all = new ClusterSums();
  private readonly matched = new ClusterSums();
  private readonly spearman = new RunningMean();
  private readonly top1 = new RunningMean();
  private readonly candidates = new RunningMean();

  add(e: ExampleEval, candidates: number, comparisons = 0): void {
    this.examples++;
    this.pairs += e.pairs;
    this.correct += e.correct;
    this.ties += e.ties;
    this.lmPairs += e.lengthMatchedPairs;
    this.lmCorrect += e.lengthMatchedCorrect;
    this.comparisons += comparisons;
    this.all.add({ n: e.pairs, sum: e.correct });
    this.matched.add({ n: e.lengthMatchedPairs, sum: e.lengthMatchedCorrect });
    this.spearman.add(e.spearman);
    this.top1.add(e.top1JudgeRank);
    this.candidates.add(candidates);
  }

  get count(): number {
    return this.examples;
  }

  summary(ranker: string, comparisons = this.comparisons): EvalSummary {
    return {
      ranker,
      examples: this.examples,
      pairs: this.pairs,
      pairwiseAccuracy: this.pairs ? this.correct / this.pairs : null,
      pairwiseAccuracySE: this.all.estimate()?.se ?? null,
      ties: this.ties,
      spearman: this.spearman.value,
      top1JudgeRank: this.top1.value,
      candidatesPerExample: this.candidates.value ?? 0,
      comparisons,
      lengthMatched: {
        ratio: LENGTH_MATCH_RATIO,
        pairs: this.lmPairs,
        pairwiseAccuracy: this.lmPairs ? this.lmCorrect / this.lmPairs : null,
        se: this.matched.estimate()?.se ?? null,
      },
    };
  }
}

export function summarize(ranker: string, evals: ExampleEval[], candidates: number[], comparisons: number): EvalSummary {
  const acc = new EvalAccumulator();
  evals.forEach((e, i) => acc.add(e, candidates[i] ?? 0));
  return acc.summary(ranker, comparisons);
}

export interface PairedDifference {
  /** Pairs compared (the same judge pairs, ranked by both). */
  pairs: number;
  /** Accuracy of the ranker minus that of the baseline. */
  difference: number;
  se: number | null;
}

export interface BaselineComparison {
  ranker: string;
  pairwiseAccuracy: number | null;
  pairwise: PairedDifference | null;
  lengthMatched: PairedDifference | null;
}

/** The ranker against a baseline on the same judge pairs, one example at a time in O(1) memory. */
export class PairedAccumulator {
  private basePairs = 0;
  private baseCorrect = 0;
  private readonly all = new ClusterSums();
  private readonly matched = new ClusterSums();

  add(mine: ExampleEval, theirs: ExampleEval): void {
    if (theirs.credits.length !== mine.credits.length) throw new Error("baseline and ranker were evaluated on different judge pairs");
    this.basePairs += theirs.pairs;
    this.baseCorrect += theirs.correct;
    let n = 0;
    let sum = 0;
    let mn = 0;
    let msum = 0;
    mine.credits.forEach((c, i) => {
      const d = c - theirs.credits[i];
      n++;
      sum += d;
      if (mine.pairIsLengthMatched[i]) {
        mn++;
        msum += d;
      }
    });
    this.all.add({ n, sum });
    this.matched.add({ n: mn, sum: msum });
  }

  result(baseline: string): BaselineComparison {
    const paired = (s: ClusterSums): PairedDifference | null => {
      const e = s.estimate();
      return e && { pairs: e.pairs, difference: e.mean, se: e.se };
    };
    return {
      ranker: baseline,
      pairwiseAccuracy: this.basePairs ? this.baseCorrect / this.basePairs : null,
      pairwise: paired(this.all),
      lengthMatched: paired(this.matched),
    };
  }
}

/** The ranker against a baseline on the very same judge pairs (evals of both, example by example). */
export function compareWithBaseline(baseline: string, mine: ExampleEval[], theirs: ExampleEval[]): BaselineComparison {
  if (mine.length !== theirs.length) throw new Error("baseline and ranker were evaluated on different examples");
  const acc = new PairedAccumulator();
  mine.forEach((m, k) => acc.add(m, theirs[k]));
  return acc.result(baseline);
}
