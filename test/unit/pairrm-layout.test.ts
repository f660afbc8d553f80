import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { candidateBudget, cleanText, pairIds, PAIRRM_LENGTHS, type PairRmLayout } from "../../src/core/rank/engines/pairrm/layout";
import { padBatch, planBatches } from "../../src/core/rank/batching";
import { layoutFor } from "../../src/core/rank/engines/pairrm";
import { loadTokenizer } from "../../src/core/rank/engines/pairrm/tokenizer";
import { readManifest } from "../../src/core/models/manifest";

const FIXTURE = join(__dirname, "../fixtures/tiny-pairrm");
const CLS = 1, SEP = 2, SRC = 128001, C1 = 128002, C2 = 128003;
const REAL: PairRmLayout = { clsId: CLS, sepId: SEP, padId: 0, markerIds: { source: SRC, candidate1: C1, candidate2: C2 }, sourceMax: PAIRRM_LENGTHS.source, candidateMax: PAIRRM_LENGTHS.candidate };
const seq = (n: number, start: number) => Array.from({ length: n }, (_, i) => start + i);

interface RefPair { instruction: string; input: string; a: string; b: string; input_ids: number[]; logit: number }
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { lengths: { source: number; candidate: number }; pairs: RefPair[] };

test("long source and long candidates: PairRM's 1224 / (2048 − len(source)) // 2 budgets", () => {
  const ids = pairIds(REAL, seq(3000, 1000), seq(900, 5000), seq(700, 9000));
  assert.equal(ids.length, 1224 + 412 + 412);
  // source part: [CLS] <|source|> 1221 source tokens [SEP]
  assert.deepEqual(ids.slice(0, 3), [CLS, SRC, 1000]);
  assert.equal(ids[1222], 1000 + 1220);
  assert.equal(ids[1223], SEP);
  // candidate parts: [CLS] marker 409 tokens [SEP], each
  assert.deepEqual(ids.slice(1224, 1227), [CLS, C1, 5000]);
  assert.equal(ids[1224 + 410], 5000 + 408);
  assert.equal(ids[1224 + 411], SEP);
  assert.deepEqual(ids.slice(1636, 1639), [CLS, C2, 9000]);
  assert.equal(ids[2047], SEP);
  assert.deepEqual([ids.indexOf(SRC), ids.indexOf(C1), ids.indexOf(C2)], [1, 1225, 1637]);
});

test("a short source leaves the candidates more room (per-example budget)", () => {
  const ids = pairIds(REAL, seq(10, 1000), seq(1500, 5000), seq(30, 9000));
  const srcLen = 13;
  const budget = Math.floor((2048 - srcLen) / 2);
  assert.equal(candidateBudget(REAL, srcLen), 1017);
  assert.equal(ids.length, srcLen + budget + (30 + 3));
  assert.equal(ids[srcLen + budget - 1], SEP);
  assert.equal(ids[srcLen + budget - 2], 5000 + budget - 4);
  assert.deepEqual(ids.slice(srcLen + budget, srcLen + budget + 3), [CLS, C2, 9000]);
});

test("empty texts still carry their markers", () => {
  assert.deepEqual(pairIds(REAL, [], [], []), [CLS, SRC, SEP, CLS, C1, SEP, CLS, C2, SEP]);
});

test("literal [SEP] and marker tokens inside texts become spaces", () => {
  assert.equal(cleanText("a[SEP]b"), "a b");
  assert.equal(cleanText("x<|candidate1|>y<|source|>"), "x y ");
  assert.equal(cleanText("no markers"), "no markers");
});

test("length-sorted batches keep every index once, longest first", () => {
  const lengths = [5, 40, 7, 40, 12, 3, 9];
  const plans = planBatches(lengths, 3);
  assert.deepEqual(plans.map((p) => p.indices), [[1, 3, 4], [6, 2, 0], [5]]);
  assert.deepEqual(plans.map((p) => p.length), [40, 9, 3]);
});

test("padding is on the right, with a 0/1 attention mask", () => {
  const b = padBatch([[7, 8, 9], [4]], 0);
  assert.deepEqual(b.dims, [2, 3]);
  assert.deepEqual([...b.inputIds].map(Number), [7, 8, 9, 4, 0, 0]);
  assert.deepEqual([...b.attentionMask].map(Number), [1, 1, 1, 1, 0, 0]);
});

test("the fixture tokenizer reproduces the Python reference ids exactly (incl. truncation)", async () => {
  const tok = await loadTokenizer(FIXTURE);
  const layout = layoutFor(tok, readManifest(FIXTURE), FIXTURE);
  assert.equal(layout.sourceMax, reference.lengths.source);
  assert.equal(layout.candidateMax, reference.lengths.candidate);
  let truncated = 0;
  for (const p of reference.pairs) {
    const ids = pairIds(layout, tok.encode(cleanText(p.instruction + p.input)), tok.encode(cleanText(p.a)), tok.encode(cleanText(p.b)));
    assert.deepEqual(ids, p.input_ids, `ids of pair ${JSON.stringify(p.a.slice(0, 30))}`);
    const srcEnd = ids.indexOf(layout.sepId) + 1;
    assert.equal(ids[1], layout.markerIds.source);
    assert.equal(ids[srcEnd + 1], layout.markerIds.candidate1);
    if (ids.length === layout.sourceMax + 2 * layout.candidateMax) truncated++;
  }
  assert.ok(truncated >= 1, "the reference set has a fully truncated pair");
});
