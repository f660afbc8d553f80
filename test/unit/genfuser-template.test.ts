// The exact GenFuser input (spec §2) built with the fixture's real T5-style tokenizer.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildGenFuserInput, cutCandidate, genFuserText, templateTokenizer, type HfTokenizerLike, type TemplateTokenizer } from "../../src/core/fuse/engines/genfuser/template";

const dir = join(__dirname, "..", "fixtures", "tiny-genfuser");
let tok: TemplateTokenizer;
let hf: HfTokenizerLike;

before(async () => {
  const { AutoTokenizer, env } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  const t = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  hf = t;
  tok = templateTokenizer(t); // what the engine uses
});

const req = (candidates: string[]) => ({
  instruction: "Name a primary colour.",
  input: "Answer in one word.",
  ranked: candidates.map((text, i) => ({ model: `m${i}`, text })),
});

test("the input string of a fixed case is exactly LLM-Blender's template", () => {
  const input = buildGenFuserInput(req(["Red.", "Blue", "Yellow is one."]), tok);
  assert.equal(
    input.text,
    "Instruction: Name a primary colour.</s>Input: Answer in one word.</s>Candidate 0: <extra_id_0>:Red.</s>" +
      "Candidate 1: <extra_id_1>:Blue</s>Candidate 2: <extra_id_2>:Yellow is one.</s>" +
      "Summarize candidates into a better one for the given instruction:",
  );
  assert.deepEqual(input.cutCandidates, []);
  assert.equal(input.truncated, false);
});

test("an empty input keeps its field, and </s> and <extra_id_i> become single special tokens", () => {
  const text = genFuserText("Say hi.", "", ["hi"]);
  assert.equal(text, "Instruction: Say hi.</s>Input: </s>Candidate 0: <extra_id_0>:hi</s>Summarize candidates into a better one for the given instruction:");
  const ids = tok.encode(text);
  assert.equal(ids.filter((i) => i === 1).length, 3, "three </s> separators, id 1");
  const vocabSize = 1100;
  assert.ok(ids.includes(vocabSize - 1), "<extra_id_0> is the last id, as in T5");
});

test("a candidate longer than 128 tokens is cut to its first 128 tokens plus '...'", () => {
  const long = Array.from({ length: 120 }, (_, i) => `word${i} and`).join(" ");
  assert.ok(tok.encode(long).length > 128);
  const r = cutCandidate(long, tok, 128);
  assert.equal(r.cut, true);
  assert.ok(r.text.endsWith("..."));
  const kept = r.text.slice(0, -3);
  assert.equal(tok.encode(kept).length, 128);
  assert.ok(long.startsWith(kept), "the cut keeps the candidate's own beginning");
  const input = buildGenFuserInput(req(["short", long]), tok);
  assert.deepEqual(input.cutCandidates, [1]);
  assert.ok(input.text.includes(`<extra_id_1>:${r.text}</s>Summarize`));
});

test("a candidate of exactly 128 tokens is not cut", () => {
  let text = "";
  for (let i = 0; tok.encode(text).length < 128; i++) text = (text + ` w${i}`).trim();
  while (tok.encode(text).length > 128) text = text.slice(0, -1);
  const n = tok.encode(text).length;
  const r = cutCandidate(text, tok, n);
  assert.deepEqual(r, { text, cut: false });
});

test("the whole input is cut to 1024 tokens without adding special tokens (and lengths are configurable)", () => {
  const big = Array.from({ length: 100 }, (_, i) => `point ${i} is about colour mixing`).join(" ");
  const input = buildGenFuserInput(req(Array.from({ length: 12 }, () => big)), tok);
  assert.equal(input.truncated, true);
  assert.equal(input.ids.length, 1024);
  assert.deepEqual(input.ids, tok.encode(input.text).slice(0, 1024));
  assert.notEqual(input.ids[input.ids.length - 1], 1, "no </s> appended after the cut");
  const small = buildGenFuserInput(req([big]), tok, { candidateMaxTokens: 10, sourceMaxTokens: 40 });
  assert.equal(small.ids.length, 40);
  assert.deepEqual(small.cutCandidates, [0]);
});

test("no candidates, or more than T5's 100 sentinel tokens, is an input error naming the field", () => {
  assert.throws(() => buildGenFuserInput(req([]), tok), /candidates/);
  assert.throws(() => buildGenFuserInput(req(Array.from({ length: 101 }, () => "x")), tok), /top-k/);
});

test("a cut candidate keeps its special tokens (<unk>, </s>, <extra_id_N>), as LLM-Blender's tokenizer.decode(ids) does", () => {
  // "€" is not in the fixture's vocabulary (it becomes <unk>); "</s>" and "<extra_id_7>" are written in the answer.
  const long = "Price: 5 € </s> then <extra_id_7> marks " + Array.from({ length: 150 }, (_, i) => `word${i}`).join(" ");
  const ids = hf.encode(long, { add_special_tokens: false });
  assert.ok(ids.length > 128 && ids.includes(2) && ids.includes(1) && ids.includes(1092), "the answer holds <unk> (2), </s> (1) and <extra_id_7> (1092)");
  const r = cutCandidate(long, tok, 128);
  assert.equal(r.text, hf.decode(ids.slice(0, 128), { skip_special_tokens: false }) + "...");
  for (const special of ["<unk>", "</s>", "<extra_id_7>"]) assert.ok(r.text.includes(special), `${special} kept: ${r.text.slice(0, 80)}`);
  // The model sees those special ids again where the cut candidate sits in the input.
  const input = buildGenFuserInput(req([long]), tok);
  const candidateIds = tok.encode(r.text);
  for (const id of [1, 2, 1092]) assert.ok(candidateIds.includes(id) && input.ids.includes(id));
  // Skipping them (the old behaviour) would have dropped all three.
  const skipped = hf.decode(ids.slice(0, 128), { skip_special_tokens: true });
  assert.ok(!skipped.includes("<unk>") && !skipped.includes("</s>"));
});
