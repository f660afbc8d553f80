import { test } from "node:test";
import assert from "node:assert/strict";
import { aggregate, bradleyTerry, copeland, maxLogits, maxWins, scoresToRanks, type Matrix } from "../../src/core/rank/aggregators";

// Hand-computed 3×3 example: M[i][j] = logit that i beats j.
const M: Matrix = [
  [null, 2, -1],
  [1, null, 3],
  [0.5, -2, null],
];

test("max-logits: s_i = Σ_j (M[i][j] − M[j][i])", () => {
  // s0 = (2−1) + (−1−0.5) = −0.5 ; s1 = (1−2) + (3+2) = 4 ; s2 = (0.5+1) + (−2−3) = −3.5
  assert.deepEqual(maxLogits(M), [-0.5, 4, -3.5]);
});

test("max-wins: #{j: M[i][j] > 0} + #{j: M[j][i] < 0}", () => {
  // w0: M01>0 (1) + M20<0? no → 1 ; w1: M10>0, M12>0 (2) + M21<0 (1) → 3 ; w2: M20>0 (1) + M02<0 (1) → 2
  assert.deepEqual(maxWins(M), [1, 3, 2]);
});

test("copeland: wins minus losses on the both-order margin", () => {
  // d01 = 2−1 = 1 (0 wins), d02 = −1−0.5 = −1.5 (2 wins), d12 = 3+2 = 5 (1 wins)
  assert.deepEqual(copeland(M), [0, 0, 0]);
  const chain: Matrix = [
    [null, 1, 1],
    [-1, null, 1],
    [-1, -1, null],
  ];
  assert.deepEqual(copeland(chain), [2, 0, -2]);
});

test("missing entries are left out (partial plans)", () => {
  const partial: Matrix = [
    [null, 1.5, null],
    [-0.5, null, null],
    [null, null, null],
  ];
  assert.deepEqual(maxLogits(partial), [2, -2, 0]);
  assert.deepEqual(maxWins(partial), [2, 0, 0]);
  assert.deepEqual(copeland(partial), [1, -1, 0]);
});

test("bradley-terry: two players, strengths follow the soft win ratio with the pseudo-count", () => {
  // One game each order with σ(0) = 0.5 wins: equal strengths.
  const even = bradleyTerry([
    [null, 0],
    [0, null],
  ]);
  assert.ok(Math.abs(even[0] - 1) < 1e-9 && Math.abs(even[1] - 1) < 1e-9);
  // σ(ln 3) = 0.75 in both orders: i wins 1.5 of 2 games (+0.1 pseudo each way): p0/p1 = 1.6/0.6.
  const l = Math.log(3);
  const s = bradleyTerry([
    [null, l],
    [-l, null],
  ]);
  assert.ok(Math.abs(s[0] / s[1] - 1.6 / 0.6) < 1e-6, `ratio ${s[0] / s[1]}`);
  assert.ok(Math.abs(s[0] * s[1] - 1) < 1e-9, "geometric mean 1");
});

test("bradley-terry stays finite when one side always wins", () => {
  const s = bradleyTerry([
    [null, 30, 30],
    [-30, null, 30],
    [-30, -30, null],
  ]);
  assert.ok(s.every(Number.isFinite));
  assert.ok(s[0] > s[1] && s[1] > s[2]);
  const a = aggregate("bradley-terry", [
    [null, 30],
    [-30, null],
  ]);
  assert.ok(a.strengths && a.strengths[0] > a.strengths[1]);
});

test("ranks: equal scores share the better rank", () => {
  assert.deepEqual(scoresToRanks([3, 1, 3, 2]), [1, 4, 1, 3]);
  assert.deepEqual(scoresToRanks([0.1 + 0.2, 0.3]), [1, 1]);
});
