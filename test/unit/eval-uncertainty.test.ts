import { test } from "node:test";
import assert from "node:assert/strict";
import { clusteredMean, interval95 } from "../../src/core/eval/uncertainty";
import { compareWithBaseline, evaluateExample, summarize } from "../../src/core/eval/metrics";
import type { BlendExample } from "../../src/core/types";
import { rankedByScores } from "../helpers/ranked-by-scores";

const close = (a: number | null | undefined, b: number, what: string) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

test("clustered standard error: hand-computed cases", () => {
  // Two examples of 2 pairs, all right / all wrong: mean 0.5, residuals +1 / −1, sqrt(2/1 · 2) / 4.
  const e = clusteredMean([{ n: 2, sum: 2 }, { n: 2, sum: 0 }]);
  close(e?.mean, 0.5, "mean");
  close(e?.se, 0.5, "se");
  assert.deepEqual(interval95(0.5, 0.5), [0.5 - 0.98, 0.5 + 0.98]);
  // One pair per example is the binomial case: sqrt(C/(C−1) · Σ(c − p)²) / N.
  const single = [...Array(70).fill({ n: 1, sum: 1 }), ...Array(30).fill({ n: 1, sum: 0 })];
  close(clusteredMean(single)?.se, Math.sqrt((100 / 99) * (70 * 0.09 + 30 * 0.49)) / 100, "binomial se");
  // Examples without pairs do not count; one example gives no error; none gives nothing.
  assert.deepEqual(clusteredMean([{ n: 3, sum: 2 }, { n: 0, sum: 0 }]), { pairs: 3, mean: 2 / 3, se: null });
  assert.equal(clusteredMean([]), null);
});

test("clustering widens the error when one example's pairs move together", () => {
  const independent = clusteredMean(Array.from({ length: 40 }, (_, i) => ({ n: 1, sum: i % 2 })));
  const clustered = clusteredMean(Array.from({ length: 4 }, (_, i) => ({ n: 10, sum: (i % 2) * 10 })));
  assert.equal(independent?.mean, clustered?.mean);
  assert.ok((clustered?.se ?? 0) > 3 * (independent?.se ?? 1));
});

test("summary errors and the paired comparison with a baseline on the same judge pairs", () => {
  const ex = (id: string, lens: number[]): BlendExample => ({
    id,
    instruction: "",
    input: "",
    candidates: lens.map((l, i) => ({ model: `m${i}`, text: "x".repeat(l) })),
    scores: { m0: 3, m1: 2, m2: 1 },
  });
  const a = ex("a", [100, 95, 10]);
  const b = ex("b", [10, 100, 95]);
  // mine: all right on a, all wrong on b; the baseline: 1 of 3 on a, all right on b.
  const mine = [evaluateExample(a, rankedByScores(a, [3, 2, 1]), 0.1), evaluateExample(b, rankedByScores(b, [1, 2, 3]), 0.1)];
  const base = [evaluateExample(a, rankedByScores(a, [1, 3, 2]), 0.1), evaluateExample(b, rankedByScores(b, [3, 2, 1]), 0.1)];
  assert.deepEqual(mine.map((e) => e.credits), [[1, 1, 1], [0, 0, 0]]);
  assert.deepEqual(base.map((e) => e.credits), [[0, 0, 1], [1, 1, 1]]);
  assert.deepEqual(mine.map((e) => e.pairIsLengthMatched), [[true, false, false], [false, false, true]]);
  const s = summarize("mine", mine, [3, 3], 12);
  close(s.pairwiseAccuracy, 0.5, "accuracy");
  close(s.pairwiseAccuracySE, Math.sqrt(2 * (1.5 ** 2 + 1.5 ** 2)) / 6, "accuracy se");
  const c = compareWithBaseline("base", mine, base);
  close(c.pairwiseAccuracy, 4 / 6, "baseline accuracy");
  // per example differences: a = +2, b = −3; mean −1/6; residuals 2 + 0.5, −3 + 0.5.
  assert.equal(c.pairwise?.pairs, 6);
  close(c.pairwise?.difference, -1 / 6, "difference");
  close(c.pairwise?.se, Math.sqrt(2 * (2.5 ** 2 + 2.5 ** 2)) / 6, "difference se");
  // length-matched: pair 01 of a (1 − 0) and pair 12 of b (0 − 1).
  assert.deepEqual({ pairs: c.lengthMatched?.pairs, difference: c.lengthMatched?.difference }, { pairs: 2, difference: 0 });
  assert.throws(() => compareWithBaseline("base", mine, base.slice(1)), /different examples/);
});
