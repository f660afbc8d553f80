import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ballotCounts, ballotsToMatrix, distinctOrders, mixSeed, shownOrders } from "../../src/core/rank/ballots";
import { aggregate } from "../../src/core/rank/aggregators";
import { kendallTau, scoresFromOrder } from "../../src/core/eval/kendall";
import { waterFill } from "../../src/core/rank/engines/listwise/fit";
import { authorOf, councilSeats } from "../../src/core/rank/engines/listwise/seats";
import { ballotReport } from "../../src/core/rank/rank-list";
import type { Ballot } from "../../src/core/types";

const b = (order: number[], judge = "j"): Ballot => ({ judge, shown: [...order].sort(), order });
const close = (x: number | null, y: number) => assert.ok(x !== null && Math.abs(x - y) < 1e-12, `${x} ≠ ${y}`);

describe("ballots → matrix", () => {
  test("hand-computed: M[i][j] = ln((w_ij + ½) / (w_ji + ½)), antisymmetric, null on the diagonal", () => {
    // 0 > 1 > 2 and 1 > 0 > 2: 0 vs 1 split 1:1, both beat 2 twice.
    const m = ballotsToMatrix(3, [b([0, 1, 2]), b([1, 0, 2])]);
    close(m[0][1], 0);
    close(m[0][2], Math.log(2.5 / 0.5));
    close(m[2][0], -Math.log(5));
    close(m[1][2], Math.log(5));
    assert.equal(m[1][1], null);
    // a council ballot over two answers only: 2 > 0 adds one game to that pair alone
    const m2 = ballotsToMatrix(3, [b([0, 1, 2]), b([1, 0, 2]), b([2, 0])]);
    close(m2[0][2], Math.log(2.5 / 1.5));
    close(m2[0][1], 0);
    close(m2[1][2], Math.log(5));
    // one ballot: ln 3
    close(ballotsToMatrix(2, [b([1, 0])])[1][0], Math.log(3));
  });

  test("pairs no ballot ranked stay null; counts are what the ballots say", () => {
    const m = ballotsToMatrix(4, [b([0, 1]), b([2, 3])]);
    assert.equal(m[0][2], null);
    assert.equal(m[3][1], null);
    close(m[0][1], Math.log(3));
    const c = ballotCounts(3, [b([2, 0, 1]), b([0, 2, 1])]);
    assert.deepEqual(c.above, [[0, 2, 1], [0, 0, 0], [1, 2, 0]]);
    assert.equal(c.both[0][1], 2);
  });

  test("every aggregator reads the ballot matrix: unanimous ballots give the ballots' order", () => {
    const m = ballotsToMatrix(3, [b([2, 0, 1]), b([2, 0, 1])]);
    for (const name of ["max-logits", "max-wins", "copeland", "bradley-terry"] as const) {
      const s = aggregate(name, m).scores;
      assert.ok(s[2] > s[0] && s[0] > s[1], `${name}: ${s}`);
    }
  });
});

describe("shown orders", () => {
  test("k = 2: a seeded order and its reverse; k = 4: four different orders; capped at n!", () => {
    const [first, second] = shownOrders([0, 1, 2, 3], 2, 7);
    assert.deepEqual(second, [...first].reverse());
    assert.deepEqual([...first].sort(), [0, 1, 2, 3]);
    const four = shownOrders([0, 1, 2, 3], 4, 7);
    assert.equal(new Set(four.map((o) => o.join())).size, 4);
    assert.deepEqual(four.slice(0, 2), [first, second]);
    assert.equal(shownOrders([3, 5], 4, 1).length, 2);
    assert.deepEqual(shownOrders([4], 2, 1), []);
    assert.equal(distinctOrders(3, 4), 4);
    assert.equal(distinctOrders(1, 4), 0);
    assert.deepEqual(shownOrders([0, 1, 2, 3], 3, 7), shownOrders([0, 1, 2, 3], 3, 7));
    assert.notEqual(mixSeed(0, "prompt one"), mixSeed(0, "prompt two"));
  });

  test("only the given items are shown (a council judge's view)", () => {
    for (const o of shownOrders([1, 3, 4], 3, 2)) assert.deepEqual([...o].sort(), [1, 3, 4]);
  });
});

describe("agreement, cutting, seats", () => {
  test("Kendall τ-b: 1 for the same order, −1 reversed, over the ballot's answers only", () => {
    assert.equal(kendallTau([3, 2, 1], [30, 20, 10]), 1);
    assert.equal(kendallTau([3, 2, 1], [10, 20, 30]), -1);
    assert.equal(kendallTau([1, 1], [1, 2]), null);
    const pooled = [5, 4, 3, 2];
    assert.equal(kendallTau(scoresFromOrder(4, [3, 2]), pooled, [3, 2]), -1);
    const rep = ballotReport(1, { ballots: [b([0, 1, 2], "x"), b([2, 1, 0], "y")], requests: 2, cached: 0, judges: [{ judge: "x", asked: 1, dropped: 0 }, { judge: "y", asked: 1, dropped: 0 }, { judge: "z", asked: 1, dropped: 1 }], cut: [] }, [3, 2, 1]);
    assert.deepEqual(rep.judges.map((j) => [j.judge, j.counted, j.dropped, j.agreement]), [["x", 1, 0, 1], ["y", 1, 0, -1], ["z", 0, 1, null]]);
    assert.deepEqual([rep.counted, rep.dropped, rep.requests], [2, 1, 2]);
  });

  test("water filling: short answers keep all, long ones share the rest", () => {
    assert.deepEqual(waterFill([10, 100, 1000], 300), [10, 100, 190]);
    assert.deepEqual(waterFill([500, 500], 400), [200, 200]);
    assert.deepEqual(waterFill([5, 5], 400), [5, 5]);
  });

  test("council seats: each author ranks the answers it did not write; samples and unknown authors handled", () => {
    const cands = [
      { model: "a", text: "1", meta: { endpoint: "a" } },
      { model: "b#1", text: "2", meta: { endpoint: "b" } },
      { model: "b#2", text: "3" },
      { model: "file-answer", text: "4" },
    ];
    assert.equal(authorOf(cands[2]), "b");
    const seats = councilSeats(cands, (id) => id === "a" || id === "b");
    assert.deepEqual(seats, [
      { judge: "a", own: [0], sees: [1, 2, 3] },
      { judge: "b", own: [1, 2], sees: [0, 3] },
    ]);
  });
});
