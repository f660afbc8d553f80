// Ranks and order come from the same rounded score: answers that share a rank are listed in index order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { maxLogits, orderByScore, scoresToRanks } from "../../src/core/rank/aggregators";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import type { BlendExample, PairInput, PairwiseRanker } from "../../src/core/types";

/** Logits from a fixed table of ordered pairs (by answer text). */
class TableRanker implements PairwiseRanker {
  readonly name = "table";
  readonly modelId = "table";
  constructor(private readonly table: Record<string, number>) {}
  async scorePairs(pairs: PairInput[]): Promise<number[]> {
    return pairs.map((p) => this.table[`${p.a}>${p.b}`] ?? 0);
  }
}

// These logits give candidates 1 and 2 the same max-logits score up to float noise, candidate 2's
// raw sum being the larger one: 0.09999999999999998 vs 0.10000000000000003.
const M = [
  [null, 0.1, 0.1],
  [0.1, null, 0.7],
  [0.3, 0.6, null],
];

test("equal rounded scores share a rank and are listed in index order, whatever the float noise", async () => {
  const s = maxLogits(M);
  assert.ok(s[2] > s[1] && scoresToRanks(s)[1] === scoresToRanks(s)[2], String(s));
  assert.deepEqual(orderByScore([0, 1, 2], s), [1, 2, 0]);

  const ex: BlendExample = { id: "t", instruction: "q", input: "", candidates: ["a", "b", "c"].map((text) => ({ model: text, text })) };
  const table: Record<string, number> = {};
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) table[`${"abc"[i]}>${"abc"[j]}`] = M[i][j] as number;
  const r = await rankExample(ex, new TableRanker(table), DEFAULT_RANK_SETTINGS, new PairCache());
  assert.deepEqual(
    r.ranking.map((x) => [x.candidate, x.rank]),
    [
      [1, 1],
      [2, 1],
      [0, 3],
    ],
  );
});
