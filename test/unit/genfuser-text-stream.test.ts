// Streaming text deltas from a growing token list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TextStream } from "../../src/core/fuse/engines/genfuser/text-stream";

const pieces: Record<number, string> = { 5: "Hello", 6: " wor", 7: "ld", 8: "\uFFFD", 9: "é" };
const decode = (ids: number[]) => {
  let s = ids.map((i) => pieces[i]).join("");
  // Like a byte-level decoder: a lone partial character decodes to U+FFFD until its next byte arrives.
  s = s.replace("\uFFFDé", "é");
  return s;
};

test("emits only the new text, holds back an incomplete character, and finishes with the rest", () => {
  const out: string[] = [];
  const s = new TextStream(decode, (t) => out.push(t));
  s.update([5]);
  s.update([5, 6]);
  s.update([5, 6, 7, 8]);
  assert.deepEqual(out, ["Hello", " wor"]);
  s.update([5, 6, 7, 8, 9]);
  assert.deepEqual(out, ["Hello", " wor", "ldé"]);
  s.finish("Hello worldé!");
  assert.equal(out.join(""), "Hello worldé!");
});
