// The tiny-genfuser fixture through the real engine: tokenizer, cached ONNX decoding, beams, streaming, cancel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createGenFuser, type GenFuser } from "../../src/core/fuse/engines/genfuser/genfuser";
import { isAbortError } from "../../src/core/errors";

const dir = join(__dirname, "..", "fixtures", "tiny-genfuser");
interface Reference {
  case: { instruction: string; input: string; candidates: string[] };
  input_text: string;
  input_ids: number[];
  max_new_tokens: number;
  greedy_ids: number[];
  greedy_text: string;
  beam4_ids: number[];
  beam_case: { case: { instruction: string; input: string; candidates: string[] }; input_ids: number[]; greedy_ids: number[]; beam4_ids: number[] };
}
const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Reference;
const request = { instruction: ref.case.instruction, input: ref.case.input, ranked: ref.case.candidates.map((text, i) => ({ model: `m${i}`, text })) };

let greedy: GenFuser;
let beams: GenFuser;
before(async () => {
  greedy = await createGenFuser({ model: dir, numBeams: 1, maxNewTokens: ref.max_new_tokens, threads: 1 });
  beams = await createGenFuser({ model: dir, numBeams: 4, maxNewTokens: ref.max_new_tokens, threads: 1 });
});
after(async () => {
  await greedy.dispose();
  await beams.dispose();
});

test("the GenFuser input of the reference case tokenizes exactly as the torch builder did", () => {
  const input = greedy.input(request);
  assert.equal(input.text, ref.input_text);
  assert.deepEqual(input.ids, ref.input_ids);
});

test("greedy generation reproduces torch's reference.json token for token", async () => {
  const ids = await greedy.generateIds(ref.input_ids);
  assert.deepEqual(ids, ref.greedy_ids);
  assert.ok(ids.length > 3, "the fixture says more than </s>");
});

test("4-beam search runs on the cached decoder and matches torch's beam reference", async () => {
  const ids = await beams.generateIds(ref.input_ids);
  assert.deepEqual(ids, ref.beam4_ids);
});

test("on an input where they disagree, beam search and greedy each match torch's own output", async () => {
  const c = ref.beam_case;
  assert.notDeepEqual(c.beam4_ids, c.greedy_ids);
  const ranked = c.case.candidates.map((text, i) => ({ model: `m${i}`, text }));
  assert.deepEqual(beams.input({ instruction: c.case.instruction, input: c.case.input, ranked }).ids, c.input_ids);
  assert.deepEqual(await beams.generateIds(c.input_ids), c.beam4_ids);
  assert.deepEqual(await greedy.generateIds(c.input_ids), c.greedy_ids);
});

test("fuse() returns the decoded text and streams it piece by piece while generating", async () => {
  // Text held back until the end would arrive as one piece (TextStream.finish); several pieces mean live streaming.
  const pieces: string[] = [];
  const text = await greedy.fuse(request, { onToken: (t) => pieces.push(t) });
  assert.equal(text, ref.greedy_text);
  assert.equal(pieces.join(""), text);
  assert.ok(pieces.length > 3, `several pieces streamed (got ${pieces.length})`);
});

test("beam search streams only text that is in the final answer", async () => {
  // Beams stream a token once every live beam and kept hypothesis agree on it, so nothing streamed is ever retracted.
  const pieces: string[] = [];
  const text = await beams.fuse(request, { onToken: (t) => pieces.push(t) });
  assert.ok(text.length > 0);
  assert.equal(pieces.join(""), text);
});

test("aborting during generation stops it with an AbortError", async () => {
  const ac = new AbortController();
  let pieces = 0;
  await assert.rejects(
    greedy.fuse(request, { signal: ac.signal, onToken: () => { if (++pieces === 2) ac.abort(); } }),
    (e) => isAbortError(e),
  );
  assert.equal(pieces, 2, "no token after the abort");
});
