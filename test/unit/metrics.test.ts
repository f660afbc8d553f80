import { test } from "node:test";
import assert from "node:assert/strict";
import { averageRanks, competitionRanks, evaluateExample, judgePairs, judgePoints, spearman, summarize } from "../../src/core/eval/metrics";
import type { BlendExample } from "../../src/core/types";
import { rankedByScores } from "../helpers/ranked-by-scores";

const cands = (n: number, lens?: number[]) => Array.from({ length: n }, (_, i) => ({ model: `m${i}`, text: "x".repeat(lens ? lens[i] : 10 * (i + 1)) }));

test("judge pairs from scores: closer than the tie margin is a tie", () => {
  const ex: BlendExample = { id: "s", instruction: "", input: "", candidates: cands(3), scores: { m0: 1.9, m1: 1.85, m2: 1.2 } };
  assert.deepEqual(judgePairs(ex, 0.1), [
    { a: 0, b: 1, pref: 0 },
    { a: 0, b: 2, pref: 1 },
    { a: 1, b: 2, pref: 1 },
  ]);
  assert.equal(judgePairs(ex, 0.01)[0].pref, 1);
});

test("pairwise accuracy: ties left out, equal ranker scores count half", () => {
  const ex: BlendExample = { id: "s", instruction: "", input: "", candidates: cands(4), scores: { m0: 4, m1: 3, m2: 2, m3: 2 } };
  // ranker: m0 and m1 tie (half), m2 above m0 (wrong), m3 lowest.
  const e = evaluateExample(ex, rankedByScores(ex, [5, 5, 6, 1]), 0.1);
  // non-tie pairs: 01 (half), 02 (wrong), 03 (right), 12 (wrong), 13 (right); 23 is a judge tie.
  assert.equal(e.pairs, 5);
  assert.equal(e.ties, 1);
  assert.equal(e.correct, 2.5);
});

test("GPT-Rank points from judgments: wins, losses and Same good / Same bad", () => {
  const ex: BlendExample = {
    id: "j",
    instruction: "",
    input: "",
    candidates: cands(3),
    judgments: [
      { a: "m0", b: "m1", winner: "a" },
      { a: "m1", b: "m2", winner: "tie", tieQuality: "good" },
      { a: "m0", b: "m2", winner: "tie", tieQuality: "bad" },
    ],
  };
  assert.deepEqual(judgePoints(ex), [0.5, -0.5, 0]);
  assert.deepEqual(competitionRanks([0.5, -0.5, 0]), [1, 3, 2]);
});

test("top-1 judge rank is the judge's rank of the ranker's pick (ties in the pick averaged)", () => {
  const ex: BlendExample = { id: "s", instruction: "", input: "", candidates: cands(3), scores: { m0: 3, m1: 2, m2: 2 } };
  assert.equal(evaluateExample(ex, rankedByScores(ex, [0, 9, 1]), 0.1).top1JudgeRank, 2);
  assert.equal(evaluateExample(ex, rankedByScores(ex, [9, 0, 1]), 0.1).top1JudgeRank, 1);
  assert.equal(evaluateExample(ex, rankedByScores(ex, [9, 9, 1]), 0.1).top1JudgeRank, 1.5);
});

test("spearman: average ranks, ±1 for monotone, null when constant", () => {
  assert.deepEqual(averageRanks([10, 20, 20, 5]), [3, 1.5, 1.5, 4]);
  assert.equal(spearman([1, 2, 3], [10, 20, 30]), 1);
  assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
  // Hand-computed: ranks x = [1,2,3,4], y = [2,1,4,3] → rho = 1 − 6·4/(4·15) = 0.6
  assert.ok(Math.abs((spearman([4, 3, 2, 1], [3, 4, 1, 2]) ?? 0) - 0.6) < 1e-12);
});

test("length-matched pairs and the summary", () => {
  const ex: BlendExample = { id: "l", instruction: "", input: "", candidates: cands(3, [100, 90, 10]), scores: { m0: 1, m1: 2, m2: 0 } };
  const e = evaluateExample(ex, rankedByScores(ex, [3, 2, 1]), 0.1);
  // pairs: 01 (within 20%: wrong), 02 (right), 12 (right)
  assert.equal(e.lengthMatchedPairs, 1);
  assert.equal(e.lengthMatchedCorrect, 0);
  const s = summarize("t", [e], [3], 6);
  assert.equal(s.pairs, 3);
  assert.ok(Math.abs((s.pairwiseAccuracy ?? 0) - 2 / 3) < 1e-12);
  assert.equal(s.lengthMatched.pairwiseAccuracy, 0);
  assert.equal(s.candidatesPerExample, 3);
  assert.equal(s.comparisons, 6);
});
