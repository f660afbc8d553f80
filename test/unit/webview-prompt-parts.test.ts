// The panel header's prompt: the first paragraph as its heading, the rest in body text, long prompts folded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { promptParts, SHORT_PROMPT, TITLE_CHARS } from "../../webview/panel/prompt-parts";

test("a one-line prompt is the heading, nothing under it", () => {
  assert.deepEqual(promptParts("  Why does binary search need a sorted list?\n"), { title: "Why does binary search need a sorted list?", rest: "", folded: false, lines: 1 });
});

test("a short prompt with paragraphs: the first is the heading, the others follow as they were written", () => {
  const p = promptParts("Why does binary search need a sorted list?\n\nAnswer in two sentences.\nFor a beginner.");
  assert.deepEqual(p, { title: "Why does binary search need a sorted list?", rest: "Answer in two sentences.\nFor a beginner.", folded: false, lines: 4 });
});

test("a long prompt (code) keeps a heading and folds the whole text under it", () => {
  const code = Array.from({ length: SHORT_PROMPT.lines + 4 }, (_, i) => `    line_${i} = ${i}`).join("\n");
  const prompt = `Why is this loop slow?\n\n${code}`;
  const p = promptParts(prompt);
  assert.deepEqual([p.title, p.folded, p.lines], ["Why is this loop slow?", true, SHORT_PROMPT.lines + 6]);
  assert.equal(p.rest, prompt, "nothing of it is lost");
});

test("a first paragraph too long for a heading is shortened, the whole prompt folded", () => {
  const long = "word ".repeat(80).trim();
  const p = promptParts(long);
  assert.ok(p.folded);
  assert.ok(Array.from(p.title).length <= TITLE_CHARS && p.title.endsWith("…"), p.title);
  assert.equal(p.rest, long);
});
