// The panel's word diff and the small formatting helpers shared by the webviews (pure code).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { diffWords, similarity, wordTokens } from "../../webview/panel/diff";
import { excerpt, fixed, latency, sigmoid } from "../../webview/shared/format";

const rebuild = (parts: ReturnType<typeof diffWords>, keep: "add" | "del") =>
  (parts ?? []).filter((p) => p.kind === "same" || p.kind === keep).map((p) => p.text).join("");

describe("word diff", () => {
  it("keeps the whitespace so tokens join back to the text", () => {
    for (const t of ["", "one", "  lead and trail  ", "a\n\nb\tc", "x  y"]) assert.equal(wordTokens(t).join(""), t);
  });

  it("marks changed words and rebuilds both texts", () => {
    const base = "Iterate over the file object: it yields one line at a time.";
    const other = "Loop over the open file object, it yields one line each time.";
    const parts = diffWords(base, other);
    assert.ok(parts);
    assert.equal(rebuild(parts, "add"), other);
    assert.deepEqual(
      parts.filter((p) => p.kind === "del").map((p) => p.text.trim()),
      ["Iterate", "object:", "at a"],
    );
    assert.deepEqual(
      parts.filter((p) => p.kind === "add").map((p) => p.text.trim()),
      ["Loop", "open", "object,", "each"],
    );
    // The removed words come from the base text, in order.
    assert.deepEqual(rebuild(parts, "del").split(/\s+/).filter(Boolean), base.split(/\s+/));
  });

  it("ignores whitespace-only changes and reports similarity", () => {
    const parts = diffWords("a b c", "a  b\nc");
    assert.deepEqual(parts?.map((p) => p.kind), ["same"]);
    assert.equal(similarity(parts ?? []), 1);
    const half = diffWords("one two three four", "one two five six");
    assert.equal(similarity(half ?? []), 0.5);
    assert.equal(similarity(diffWords("", "") ?? []), 1);
  });

  it("finds the longest common subsequence, not a greedy match", () => {
    const parts = diffWords("x a b c d", "a b c d x");
    assert.equal(parts?.filter((p) => p.kind === "same").map((p) => p.text).join(""), "a b c d ");
  });

  it("gives up (null) on inputs too large for the table", () => {
    const a = Array.from({ length: 300 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 300 }, (_, i) => `b${i}`).join(" ");
    assert.equal(diffWords(a, b, 10_000), null);
    assert.ok(diffWords(a, b));
  });
});

describe("webview formatting", () => {
  it("turns logits into probabilities with two decimals", () => {
    assert.equal(fixed(sigmoid(0)), "0.50");
    assert.equal(fixed(sigmoid(0.98)), "0.73");
    assert.equal(fixed(sigmoid(-0.98)), "0.27");
    assert.equal(fixed(-0.001), "0.00");
  });

  it("formats latency and excerpts", () => {
    assert.equal(latency(850), "850 ms");
    assert.equal(latency(2140), "2.1 s");
    assert.equal(excerpt("a  long\n\nprompt text", 9), "a long p…");
    assert.equal(excerpt("short", 9), "short");
  });
});
