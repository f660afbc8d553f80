// Decoding over a synthetic decoder whose next-token distribution depends only on the prefix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, logSoftmax, topK, type StepDecoder } from "../../src/core/fuse/engines/genfuser/beam-search";
import { isAbortError } from "../../src/core/errors";

const EOS = 1;
const V = 5;

/** Logits from a table keyed by the prefix; unknown prefixes strongly prefer EOS. */
function tableDecoder(table: Record<string, number[]>, calls: { n: number } = { n: 0 }): StepDecoder<number[]> {
  const logits = (prefix: number[]) => Float32Array.from(table[prefix.join(",")] ?? [0, 10, 0, 0, 0]);
  return {
    start: async () => {
      calls.n++;
      return { logits: logits([]), state: [] };
    },
    next: async (state, token) => {
      calls.n++;
      const s = [...state, token];
      return { logits: logits(s), state: s };
    },
  };
}

// Greedy trap: token 2 looks best first, but every continuation after it is flat; after 3 the model is sure.
const trap: Record<string, number[]> = {
  "": [-9, -9, 1.0, 0.8, -9],
  "2": [-9, 0, 0, 0, 0],
  "3": [-9, -9, -9, -9, 9],
  "3,4": [-9, 9, -9, -9, -9],
  "2,2": [-9, 9, -9, -9, -9],
  "2,3": [-9, 9, -9, -9, -9],
  "2,4": [-9, 9, -9, -9, -9],
};

test("greedy follows the argmax and stops on </s>", async () => {
  const r = await decode(tableDecoder(trap), { numBeams: 1, maxNewTokens: 10, eosTokenId: EOS });
  assert.deepEqual(r.tokens, [2, 1]);
});

test("beam search escapes the greedy trap and ends with </s>", async () => {
  const r = await decode(tableDecoder(trap), { numBeams: 4, maxNewTokens: 10, eosTokenId: EOS });
  assert.deepEqual(r.tokens, [3, 4, 1]);
});

test("max_new_tokens bounds the output; unfinished beams get no </s>", async () => {
  const loop: Record<string, number[]> = {};
  const flat = [-9, -9, 2, 1, 0];
  for (const p of ["", "2", "2,2", "2,2,2"]) loop[p] = flat;
  const g = await decode(tableDecoder(loop), { numBeams: 1, maxNewTokens: 3, eosTokenId: EOS });
  assert.deepEqual(g.tokens, [2, 2, 2]);
  const b = await decode(tableDecoder(loop), { numBeams: 3, maxNewTokens: 3, eosTokenId: EOS });
  assert.deepEqual(b.tokens, [2, 2, 2]);
});

test("only tokens shared by every beam and hypothesis are reported as certain, and they only grow", async () => {
  const seen: number[][] = [];
  const r = await decode(tableDecoder(trap), { numBeams: 2, maxNewTokens: 10, eosTokenId: EOS, onCertainPrefix: (t) => seen.push([...t]) });
  for (let i = 1; i < seen.length; i++) assert.deepEqual(seen[i].slice(0, seen[i - 1].length), seen[i - 1]);
  for (const s of seen) assert.deepEqual(r.tokens.slice(0, s.length), s);
});

test("an aborted signal stops decoding before the next decoder pass", async () => {
  const ac = new AbortController();
  const calls = { n: 0 };
  const loop: Record<string, number[]> = {};
  let p = "";
  for (let i = 0; i < 50; i++) {
    loop[p] = [-9, -9, 3, 0, 0];
    p = p ? p + ",2" : "2";
  }
  await assert.rejects(
    decode(tableDecoder(loop, calls), { numBeams: 1, maxNewTokens: 50, eosTokenId: EOS, signal: ac.signal, onCertainPrefix: (t) => { if (t.length === 3) ac.abort(); } }),
    (e) => isAbortError(e),
  );
  assert.equal(calls.n, 3);
});

test("logSoftmax and topK", () => {
  const lp = logSoftmax(Float32Array.from([0, Math.log(3)]));
  assert.ok(Math.abs(Math.exp(lp[0]) - 0.25) < 1e-6);
  assert.deepEqual(topK(Float64Array.from([0.1, 0.5, 0.5, -1, 0.7]), 3), [4, 1, 2]);
  assert.equal(V, 5);
});
