import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPairRmRanker, type PairRmRanker } from "../../src/core/rank/engines/pairrm";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { EngineFactory } from "../../src/core/engines";
import { isAbortError, ModelError } from "../../src/core/errors";
import { asPairwise, type BlendExample, type PairInput, type PairwiseRanker, type RunOptions } from "../../src/core/types";
import { SEA_EXAMPLE } from "../helpers/sea-example";

const FIXTURE = join(__dirname, "../fixtures/tiny-pairrm");
interface RefPair { instruction: string; input: string; a: string; b: string; logit: number }
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { pairs: RefPair[] };
const refPairs: PairInput[] = reference.pairs.map((p) => ({ source: p.instruction + p.input, a: p.a, b: p.b }));
const tmp = mkdtempSync(join(tmpdir(), "pairrm-onnx-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const rankers: PairRmRanker[] = [];
async function ranker(batchSize = 8, model = FIXTURE, dtype: "fp32" | "int8" = "fp32"): Promise<PairRmRanker> {
  const r = await createPairRmRanker({ model, batchSize, dtype, threads: 1 });
  rankers.push(r);
  return r;
}
after(async () => {
  for (const r of rankers) await r.dispose();
});

const example = SEA_EXAMPLE;

test("logits equal torch's reference.json within 1e-4, batched and one by one", async () => {
  for (const batch of [1, 3, 8]) {
    const logits = await (await ranker(batch)).scorePairs(refPairs);
    logits.forEach((v, i) => assert.ok(Math.abs(v - reference.pairs[i].logit) < 1e-4, `batch ${batch}, pair ${i}: ${v} vs ${reference.pairs[i].logit}`));
  }
});

test("a pair's score does not depend on what else is in its batch", async () => {
  const r = await ranker(16);
  const [alone] = await r.scorePairs([refPairs[2]]);
  const withLong = await r.scorePairs([refPairs[5], refPairs[2], refPairs[6]]);
  assert.ok(Math.abs(alone - withLong[1]) < 1e-5);
});

test("both orders: the matrix holds logit(a,b) and logit(b,a) from separate passes", async () => {
  const r = await ranker();
  const res = await rankExample(example, r, { ...DEFAULT_RANK_SETTINGS, plan: "full" });
  assert.equal(res.comparisons, 20);
  const src = example.instruction + example.input;
  for (const [i, j] of [[0, 1], [1, 0], [2, 4], [4, 2]]) {
    const [direct] = await r.scorePairs([{ source: src, a: example.candidates[i].text, b: example.candidates[j].text }]);
    assert.ok(Math.abs((res.matrix[i][j] as number) - direct) < 1e-5);
  }
  // The first two ordered pairs are reference pairs 0 and 1 (same texts, swapped).
  assert.ok(Math.abs((res.matrix[0][1] as number) - reference.pairs[0].logit) < 1e-4);
  assert.ok(Math.abs((res.matrix[1][0] as number) - reference.pairs[1].logit) < 1e-4);
  // The model is not antisymmetric, which is why PairRM compares in both orders.
  assert.notEqual(res.matrix[0][1], -(res.matrix[1][0] as number));
});

test("int8 file: selected by dtype, finite, close to fp32, a different cache identity", async () => {
  const fp = await ranker();
  const q = await ranker(8, FIXTURE, "int8");
  assert.notEqual(q.modelId, fp.modelId);
  const a = await fp.scorePairs(refPairs);
  const b = await q.scorePairs(refPairs);
  b.forEach((v, i) => {
    assert.ok(Number.isFinite(v));
    assert.ok(Math.abs(v - a[i]) < 0.1, `pair ${i}: int8 ${v} vs fp32 ${a[i]}`);
  });
  assert.ok(b.some((v, i) => v !== a[i]), "the int8 graph really is a different model");
});

/** Counts how many pairs reach the real ranker. */
class Counting implements PairwiseRanker {
  readonly name: string;
  readonly modelId: string;
  scored = 0;
  constructor(private readonly inner: PairwiseRanker) {
    this.name = inner.name;
    this.modelId = inner.modelId;
  }
  async scorePairs(pairs: PairInput[], opts?: RunOptions): Promise<number[]> {
    const out = await this.inner.scorePairs(pairs, opts);
    this.scored += pairs.length;
    return out;
  }
}

const eleven: BlendExample = {
  ...example,
  id: "eleven",
  candidates: Array.from({ length: 11 }, (_, i) => ({ model: `m${i}`, text: `Answer number ${i}: the sea is ${"very ".repeat(i)}blue.` })),
};

test("cancellation mid-matrix stops the remaining work (in process)", async () => {
  const counting = new Counting(await ranker(4));
  const ac = new AbortController();
  await assert.rejects(
    rankExample(eleven, counting, DEFAULT_RANK_SETTINGS, undefined, { signal: ac.signal, onProgress: () => ac.abort() }),
    (e) => isAbortError(e),
  );
  assert.ok(counting.scored > 0 && counting.scored < 110, `scored ${counting.scored} of 110 pairs`);
});

test("cancellation through the inference worker rejects at once and leaves the worker usable", async () => {
  const factory = new EngineFactory();
  try {
    const r = asPairwise(await factory.ranker("pairrm", { model: FIXTURE, threads: 1, batchSize: 1 }));
    // Host side: aborting at the first progress event stops the plan before the next chunk.
    const counting = new Counting(r);
    const ac1 = new AbortController();
    await assert.rejects(
      rankExample(eleven, counting, DEFAULT_RANK_SETTINGS, undefined, { signal: ac1.signal, onProgress: () => ac1.abort() }),
      (e) => isAbortError(e),
    );
    assert.ok(counting.scored < 110);
    // Worker side: one long call (about 5 s of work) aborted after 100 ms.
    const long = "the model explains the answer step by step. ".repeat(20);
    const pairs = Array.from({ length: 1000 }, (_, i) => ({ source: long, a: `answer ${i} ${long}`, b: long }));
    const ac = new AbortController();
    const running = r.scorePairs(pairs, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(running, (e) => isAbortError(e));
    // The worker stopped between batches and answers the next request.
    const again = await r.scorePairs(refPairs.slice(0, 2));
    assert.ok(Math.abs(again[0] - reference.pairs[0].logit) < 1e-4);
  } finally {
    await factory.close();
  }
});

function copyFixture(name: string): string {
  const dir = join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

test("missing ONNX file → ModelError naming it and how to get it", async () => {
  const dir = copyFixture("missing");
  unlinkSync(join(dir, "onnx/model.onnx"));
  await assert.rejects(createPairRmRanker({ model: dir }), (e) => e instanceof ModelError && /onnx\/model\.onnx is missing/.test(e.message) && /export\.py/.test(e.message) && /models pull/.test(e.message));
});

test("truncated ONNX file → ModelError (size differs from the manifest)", async () => {
  const dir = copyFixture("truncated");
  truncateSync(join(dir, "onnx/model.onnx"), 1000);
  await assert.rejects(createPairRmRanker({ model: dir }), (e) => e instanceof ModelError && /onnx\/model\.onnx is 1000 bytes but the manifest says \d+ \(corrupt or incomplete\)/.test(e.message));
});

test("garbage ONNX file without a manifest → ModelError from the loader, not a crash", async () => {
  const dir = copyFixture("garbage");
  unlinkSync(join(dir, "manifest.json"));
  writeFileSync(join(dir, "onnx/model.onnx"), Buffer.alloc(5000, 7));
  await assert.rejects(createPairRmRanker({ model: dir }), (e) => e instanceof ModelError && /cannot load ONNX model .*model\.onnx/.test(e.message));
});

const OTHER_ONNX = join(__dirname, "../fixtures/tiny-genfuser/onnx/encoder_model.onnx");
test("an ONNX graph without PairRM's output → ModelError naming the expected and actual I/O", { skip: !existsSync(OTHER_ONNX) && "no other ONNX fixture" }, async () => {
  const dir = copyFixture("wrong-io");
  copyFileSync(OTHER_ONNX, join(dir, "onnx/model.onnx"));
  unlinkSync(join(dir, "manifest.json"));
  await assert.rejects(createPairRmRanker({ model: dir }), (e) => e instanceof ModelError && /does not have the expected outputs logits/.test(e.message) && /it has inputs input_ids/.test(e.message));
});

test("a tokenizer without the PairRM markers → ModelError", async () => {
  const dir = copyFixture("nomarkers");
  const tj = JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")) as { added_tokens: { content: string }[] };
  tj.added_tokens = tj.added_tokens.filter((t) => !t.content.startsWith("<|"));
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tj));
  unlinkSync(join(dir, "manifest.json"));
  await assert.rejects(createPairRmRanker({ model: dir }), (e) => e instanceof ModelError && /no <\|source\|> token/.test(e.message));
});

test("a broken model through the worker fails cleanly and the worker lives on", async () => {
  const dir = copyFixture("worker-broken");
  copyFileSync(join(dir, "tokenizer_config.json"), join(dir, "onnx/model.onnx"));
  unlinkSync(join(dir, "manifest.json"));
  const factory = new EngineFactory();
  try {
    await assert.rejects(factory.ranker("pairrm", { model: dir }), (e) => e instanceof Error && e.name === "ModelError" && /cannot load ONNX model/.test(e.message));
    const ok = asPairwise(await factory.ranker("pairrm", { model: FIXTURE, threads: 1 }));
    assert.equal((await ok.scorePairs(refPairs.slice(0, 1))).length, 1);
  } finally {
    await factory.close();
  }
});

test("no --model → InputError", async () => {
  await assert.rejects(createPairRmRanker({}), (e) => e instanceof Error && e.name === "InputError" && /--model/.test(e.message));
});
