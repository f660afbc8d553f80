import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRewardRanker, maxTokensFor, type RewardRanker } from "../../src/core/rank/engines/reward";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { EngineFactory } from "../../src/core/engines";
import { isAbortError, ModelError } from "../../src/core/errors";
import { asPairwise, type BlendExample, type ProgressEvent } from "../../src/core/types";

const FIXTURE = join(__dirname, "../fixtures/tiny-reward");
interface RefItem { prompt: string; answer: string; input_ids: number[]; score: number }
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { maxTokens: number; items: RefItem[] };
const items = reference.items.map((i) => ({ prompt: i.prompt, answer: i.answer }));
const tmp = mkdtempSync(join(tmpdir(), "reward-onnx-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const rankers: RewardRanker[] = [];
async function ranker(batchSize = 8, model = FIXTURE, dtype: "fp32" | "int8" = "fp32"): Promise<RewardRanker> {
  const r = await createRewardRanker({ model, batchSize, dtype, threads: 1 });
  rankers.push(r);
  return r;
}
after(async () => {
  for (const r of rankers) await r.dispose();
});

/** The sea prompt and its five answers from reference.json (torch scores known). */
const SEA = reference.items.filter((i) => i.prompt === "Write a short poem about the sea.");
const sea: BlendExample = { id: "sea", instruction: SEA[0].prompt, input: "", candidates: SEA.map((it, k) => ({ model: `m${k + 1}`, text: it.answer })) };

test("scores equal torch's reference.json within 1e-4, one by one and batched (padding changes nothing)", async () => {
  for (const batch of [1, 3, 16]) {
    const scores = await (await ranker(batch)).scoreAnswers(items);
    scores.forEach((v, i) => assert.ok(Math.abs(v - reference.items[i].score) < 1e-4, `batch ${batch}, item ${i}: ${v} vs ${reference.items[i].score}`));
  }
});

test("the ids fed to the model are the reference ids", async () => {
  const r = await ranker();
  for (const it of reference.items) assert.deepEqual(r.encode(it.prompt, it.answer).ids, it.input_ids);
});

test("pair logit = score(a) − score(b); a full 5-answer matrix costs 5 passes, a second ranking none", async () => {
  const r = await ranker();
  const res = await rankExample(sea, r, { ...DEFAULT_RANK_SETTINGS, plan: "full" });
  assert.equal(res.comparisons, 20);
  assert.equal(r.passes, 5, "each answer scored once for its prompt");
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      if (i === j) continue;
      assert.ok(Math.abs((res.matrix[i][j] as number) - (SEA[i].score - SEA[j].score)) < 1e-4, `matrix[${i}][${j}]`);
      assert.ok(Math.abs((res.matrix[i][j] as number) + (res.matrix[j][i] as number)) < 1e-9, "antisymmetric");
    }
  const order = SEA.map((it, k) => ({ k, s: it.score })).sort((a, b) => b.s - a.s).map((x) => `m${x.k + 1}`);
  assert.deepEqual(res.ranking.map((x) => x.model), order);
  await rankExample(sea, r, { ...DEFAULT_RANK_SETTINGS, plan: "knockout" });
  assert.equal(r.passes, 5, "the score cache answers every later pair");
  // The same answer under another prompt is a different input.
  await r.scorePairs([{ source: "Another prompt", a: SEA[0].answer, b: SEA[1].answer }]);
  assert.equal(r.passes, 7);
});

test("int8 file: chosen by dtype, finite, close to fp32, a different cache identity", async () => {
  const fp = await ranker();
  const q = await ranker(8, FIXTURE, "int8");
  assert.notEqual(q.modelId, fp.modelId);
  const a = await fp.scoreAnswers(items);
  const b = await q.scoreAnswers(items);
  // Random weights quantise worse than trained ones: within 5 % of the scores' spread.
  const spread = Math.max(...a) - Math.min(...a);
  b.forEach((v, i) => {
    assert.ok(Number.isFinite(v));
    assert.ok(Math.abs(v - a[i]) < 0.05 * spread, `item ${i}: int8 ${v} vs fp32 ${a[i]}`);
  });
  assert.ok(b.some((v, i) => v !== a[i]), "the int8 graph really is a different model");
});

const longPrompt = Array.from({ length: 40 }, (_, i) => `Sentence ${i} of the background explains the answer step by step.`).join(" ") + " Finally: what is the sea?";

test("an input over the limit: the prompt is shortened from the left, the answer kept whole, and the cut is reported", async () => {
  const r = await ranker();
  const answer = "The sea is wide.\nIt is blue.";
  const e = r.encode(longPrompt, answer);
  assert.ok(e.cut, "cut");
  assert.ok(e.ids.length <= reference.maxTokens && e.ids.length >= reference.maxTokens - 4, `${e.ids.length} tokens`);
  assert.equal(e.cut.keptAnswerTokens, e.cut.answerTokens);
  assert.ok(e.cut.keptPromptTokens > 0 && e.cut.keptPromptTokens < e.cut.promptTokens);
  const text = r.encoder.text("", "");
  assert.ok(text.startsWith("<|im_start|>user\n"));
  // What the model reads: the end of the prompt, all of the answer, the template intact.
  const seen = r.encoder.text(longPrompt.slice(-60), answer);
  assert.ok(seen.endsWith(`${answer}<|im_end|>\n`));
  const ids = e.ids;
  const kept = await r.scoreAnswers([{ prompt: longPrompt, answer }]);
  assert.ok(Number.isFinite(kept[0]));
  // Scoring the shortened prompt directly gives the same score: the cut is exactly what was fed.
  const tail = decodeTail(r, longPrompt, e.cut.keptPromptTokens);
  assert.deepEqual(r.encode(tail, answer).ids, ids);
  assert.ok(tail.endsWith("Finally: what is the sea?") && !tail.startsWith("Sentence 0 "));
  const [direct] = await r.scoreAnswers([{ prompt: tail, answer }]);
  assert.ok(Math.abs(direct - kept[0]) < 1e-5);
  // Reported once per prompt, for every answer that needed it.
  const before = r.issues.length;
  await r.scorePairs([{ source: longPrompt + " ", a: "Blue.", b: "Green." }]);
  assert.equal(r.issues.length, before + 1);
  const issue = r.issues[r.issues.length - 1];
  assert.equal(issue.where, "reward tiny-reward");
  assert.match(issue.message, /over the model's 128-token limit .*for 2 answers the prompt was shortened from the left to its last \d+(–\d+)? of [\d,]+ tokens \(the answers kept whole\)/);
});

/** The prompt text the encoder keeps for a cut: its last `k` tokens, decoded. */
function decodeTail(r: RewardRanker, prompt: string, k: number): string {
  const enc = r.encoder as unknown as { tokenizer: { encodePlain(t: string): number[]; decode(ids: number[]): string } };
  const ids = enc.tokenizer.encodePlain(prompt);
  return enc.tokenizer.decode(ids.slice(ids.length - k));
}

test("an answer longer than the limit by itself: no prompt, the answer's beginning, reported as such", async () => {
  const r = await ranker();
  const answer = "Waves roll in and waves roll out. ".repeat(30);
  const e = r.encode("Write about the sea.", answer);
  assert.ok(e.cut && e.cut.keptPromptTokens === 0 && e.cut.keptAnswerTokens < e.cut.answerTokens);
  assert.ok(e.ids.length <= reference.maxTokens);
  await r.scorePairs([{ source: "Write about the sea.", a: answer, b: "Short." }]);
  assert.match(r.issues[r.issues.length - 1].message, /1 answer was longer than the limit by itself: scored without the prompt, cut at the end/);
});

test("the limit: manifest maxTokens, else config.json max_position_embeddings up to 4,096, else 4,096", () => {
  const m = { format: "x", engine: "reward", id: "x", files: [], maxTokens: 512 };
  assert.equal(maxTokensFor(m, { max_position_embeddings: 40960 }), 512);
  assert.equal(maxTokensFor(null, { max_position_embeddings: 40960 }), 4096);
  assert.equal(maxTokensFor(null, { max_position_embeddings: 2048 }), 2048);
  assert.equal(maxTokensFor(null, {}), 4096);
});

const eleven: BlendExample = {
  ...sea,
  id: "eleven",
  candidates: Array.from({ length: 11 }, (_, i) => ({ model: `m${i}`, text: `Answer number ${i}: the sea is ${"very ".repeat(i)}blue.` })),
};

test("progress moves while the answers are scored, in pair units, up to the plan's total", async () => {
  const r = await ranker(2);
  const events: ProgressEvent[] = [];
  await rankExample(eleven, r, DEFAULT_RANK_SETTINGS, undefined, { onProgress: (e) => events.push(e) });
  const dones = events.map((e) => e.done);
  assert.ok(dones.every((d, i) => i === 0 || d >= dones[i - 1]), "monotonic");
  assert.equal(dones[dones.length - 1], 110);
  assert.ok(dones.filter((d) => d > 0 && d < 32).length >= 3, `progress inside the first chunk: ${dones.join(",")}`);
});

test("cancellation in process stops between batches", async () => {
  const r = await ranker(1);
  const ac = new AbortController();
  let events = 0;
  await assert.rejects(
    rankExample(eleven, r, DEFAULT_RANK_SETTINGS, undefined, { signal: ac.signal, onProgress: () => ++events === 3 && ac.abort() }),
    (e) => isAbortError(e),
  );
  assert.ok(r.passes > 0 && r.passes < 11, `ran ${r.passes} of 11 passes`);
});

test("through the inference worker: same scores, cancellation rejects at once, cut reports come back, the worker lives on", async () => {
  const factory = new EngineFactory();
  try {
    const r = asPairwise(await factory.ranker("reward", { model: FIXTURE, threads: 1, batchSize: 1 }));
    const [d] = await r.scorePairs([{ source: SEA[0].prompt, a: SEA[0].answer, b: SEA[1].answer }]);
    assert.ok(Math.abs(d - (SEA[0].score - SEA[1].score)) < 1e-4);
    const many = Array.from({ length: 400 }, (_, i) => ({ source: `Prompt ${i}: ${longPrompt}`, a: `answer ${i}`, b: `other ${i}` }));
    const ac = new AbortController();
    const running = r.scorePairs(many, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(running, (e) => isAbortError(e));
    await r.scorePairs([{ source: longPrompt, a: "x", b: "y" }]);
    assert.ok(r.issues?.some((i) => /shortened from the left/.test(i.message)), "issues cross the worker boundary");
    const [again] = await r.scorePairs([{ source: SEA[0].prompt, a: SEA[1].answer, b: SEA[0].answer }]);
    assert.ok(Math.abs(again + d) < 1e-4);
  } finally {
    await factory.close();
  }
});

function copyFixture(name: string): string {
  const dir = join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

test("missing ONNX file → ModelError naming it and how to get the model", async () => {
  const dir = copyFixture("missing");
  unlinkSync(join(dir, "onnx/model.onnx"));
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /onnx\/model\.onnx is missing/.test(e.message) && /models\/reward\/export\.py/.test(e.message) && /models pull/.test(e.message));
});

test("missing model folder → ModelError", async () => {
  await assert.rejects(createRewardRanker({ model: join(tmp, "nowhere") }), (e) => e instanceof ModelError && /does not exist/.test(e.message));
});

test("truncated ONNX file → ModelError (size differs from the manifest)", async () => {
  const dir = copyFixture("truncated");
  truncateSync(join(dir, "onnx/model.onnx"), 1000);
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /onnx\/model\.onnx is 1000 bytes but the manifest says \d+ \(corrupt or incomplete\)/.test(e.message));
});

test("corrupt ONNX file without a manifest → ModelError from the loader", async () => {
  const dir = copyFixture("garbage");
  unlinkSync(join(dir, "manifest.json"));
  writeFileSync(join(dir, "onnx/model.onnx"), Buffer.alloc(5000, 7));
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /cannot load ONNX model .*model\.onnx/.test(e.message));
});

const OTHER_ONNX = join(__dirname, "../fixtures/tiny-genfuser/onnx/encoder_model.onnx");
test("an ONNX graph without a logits output → ModelError naming expected and actual outputs", { skip: !existsSync(OTHER_ONNX) && "no other ONNX fixture" }, async () => {
  const dir = copyFixture("no-logits");
  copyFileSync(OTHER_ONNX, join(dir, "onnx/model.onnx"));
  unlinkSync(join(dir, "manifest.json"));
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /does not have the expected outputs logits/.test(e.message) && /outputs last_hidden_state/.test(e.message));
});

test("a tokenizer without a chat template (PairRM's) → ModelError", async () => {
  const dir = copyFixture("pairrm-tokenizer");
  for (const f of ["tokenizer.json", "tokenizer_config.json"]) copyFileSync(join(__dirname, "../fixtures/tiny-pairrm", f), join(dir, f));
  unlinkSync(join(dir, "manifest.json"));
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /has no chat template/.test(e.message));
});

test("a tokenizer whose ids exceed the model's vocabulary → ModelError: they do not belong together", async () => {
  const dir = copyFixture("small-vocab");
  const cfgPath = join(dir, "config.json");
  const cfg = JSON.parse(readFileSync(cfgPath, "utf8")) as Record<string, unknown>;
  cfg.vocab_size = 300;
  writeFileSync(cfgPath, JSON.stringify(cfg));
  unlinkSync(join(dir, "manifest.json"));
  await assert.rejects(createRewardRanker({ model: dir }), (e) => e instanceof ModelError && /token ids up to 592 but the model's vocabulary .* has 300: tokenizer and model do not belong together/.test(e.message));
});

test("a PairRM folder given to the reward ranker → ModelError naming the engine", async () => {
  await assert.rejects(createRewardRanker({ model: join(__dirname, "../fixtures/tiny-pairrm") }), (e) => e instanceof ModelError && /for the "pairrm" engine, not reward/.test(e.message));
});

test("a broken model through the worker fails with one clear error and the worker lives on", async () => {
  const dir = copyFixture("worker-broken");
  copyFileSync(join(dir, "tokenizer_config.json"), join(dir, "onnx/model.onnx"));
  unlinkSync(join(dir, "manifest.json"));
  const factory = new EngineFactory();
  try {
    await assert.rejects(factory.ranker("reward", { model: dir }), (e) => e instanceof Error && e.name === "ModelError" && /cannot load ONNX model/.test(e.message));
    const ok = asPairwise(await factory.ranker("reward", { model: FIXTURE, threads: 1 }));
    assert.equal((await ok.scorePairs([{ source: "q", a: "a", b: "b" }])).length, 1);
  } finally {
    await factory.close();
  }
});

test("no --model → InputError", async () => {
  await assert.rejects(createRewardRanker({}), (e) => e instanceof Error && e.name === "InputError" && /--model/.test(e.message));
});
