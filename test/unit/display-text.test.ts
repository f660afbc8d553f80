import { test } from "node:test";
import assert from "node:assert/strict";
import { displayWidth, escapeControls, escapeControlsKeepLines, fitWidth, truncateToWidth } from "../../src/core/display-text";
import { blendReportMarkdown, inlineMarkdown, quoteBlock } from "../../src/core/export/markdown-report";
import type { BlendResult } from "../../src/core/types";

test("display width: CJK and emoji take two columns, marks and zero-width characters none", () => {
  const cases: Array<[string, number]> = [
    ["abc", 3],
    ["日本語", 6],
    ["한글", 4],
    ["ｆｕｌｌ", 8],
    ["e\u0301", 1], // e + combining acute
    ["👍", 2],
    ["👍🏽", 2], // with a skin-tone modifier
    ["👨‍👩‍👧", 2], // a ZWJ family is one character on screen
    ["❤️", 2], // text heart + emoji presentation selector
    ["a\u200bb", 2], // zero-width space
    ["gpt-4o 日本", 11],
  ];
  for (const [s, w] of cases) assert.equal(displayWidth(s), w, JSON.stringify(s));
});

test("cutting and padding count columns and never split a character", () => {
  assert.equal(fitWidth("日本語テキスト", 7), "日本語…");
  assert.equal(displayWidth(fitWidth("日本語テキスト", 7)), 7);
  assert.equal(fitWidth("日本", 3), "日…");
  assert.equal(fitWidth("日本語", 4), "日… "); // the second wide character does not fit before "…": padded instead
  assert.equal(fitWidth("👨‍👩‍👧 family", 4), "👨‍👩‍👧 …");
  assert.equal(fitWidth("ab", 5, true), "   ab");
  assert.equal(truncateToWidth("short", 10), "short");
});

test("control characters are shown escaped: ESC sequences, bell, C1, bidirectional overrides, line separators", () => {
  assert.equal(escapeControls("a\x1b[2Jb\x07\n\t\r\x9b\u202e\u2066\u2028z"), "a\\x1b[2Jb\\x07\\n\\t\\r\\x9b\\u202e\\u2066\\u2028z");
  assert.equal(escapeControlsKeepLines("line 1\r\nline\t2\x1b]0;title\x07\rover"), "line 1\nline\t2\\x1b]0;title\\x07\\rover");
  assert.equal(inlineMarkdown("m\x1b[31mred\nname"), "m\\\\x1b\\[31mred name");
  assert.equal(quoteBlock("one\x1b[2J\ntwo"), "> one\\x1b[2J\n> two");
});

test("the Markdown report never carries a raw control character from ids, names or answers", () => {
  const evil = "\x1b]0;pwned\x07\x1b[2J\u202e";
  const b: BlendResult = {
    example: { id: `id${evil}`, instruction: `prompt${evil}`, input: "", candidates: [{ model: `m1${evil}\nrow`, text: `answer${evil}` }, { model: "m2", text: "other" }] },
    rank: { id: "x", ranker: "length", modelId: "length", plan: "full", aggregate: "max-logits", ranking: [{ candidate: 0, model: `m1${evil}\nrow`, rank: 1, score: 1, wins: 1 }, { candidate: 1, model: "m2", rank: 2, score: -1, wins: 0 }], matrix: [[null, 1], [-1, null]], comparisons: 2, cacheHits: 0 },
    top: { model: `m1${evil}`, text: `answer${evil}` },
    fused: null,
    issues: [{ where: `file${evil}`, message: `bad${evil}` }],
  };
  const md = blendReportMarkdown(b);
  // eslint-disable-next-line no-control-regex -- looking for raw control characters
  assert.doesNotMatch(md.replace(/\n/g, ""), /[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
  assert.ok(md.includes("\\\\x1b\\]0;pwned\\\\x07"), md);
  // The ranking table keeps one row per answer.
  assert.equal(md.split("\n").filter((l) => l.startsWith("| 1 |")).length, 1);
});
