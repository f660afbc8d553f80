import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { labelsFor, listwisePrompt, parseRanking, repairPrompt } from "../../src/core/rank/engines/listwise/prompt";
import { answerLabel } from "../../src/core/rank/engines/listwise/labels";

const ABC = labelsFor(3);
const order = (reply: string, labels = ABC) => {
  const r = parseRanking(reply, labels);
  return r.ok ? r.order : r.problem;
};

describe("labels and prompt", () => {
  test("labels run A … Z, then AA, AB", () => {
    assert.deepEqual(labelsFor(4), ["A", "B", "C", "D"]);
    assert.equal(answerLabel(25), "Z");
    assert.equal(answerLabel(26), "AA");
    assert.equal(answerLabel(27), "AB");
  });

  test("the prompt shows the request and every answer labelled in the order given, and asks for the ranking line", () => {
    const p = listwisePrompt("Name a colour.", ["Red.", "Blue is nice.", "Green"]);
    assert.ok(p.includes("[Request]\nName a colour."));
    assert.ok(p.indexOf("[The Start of Answer A]\nRed.\n[The End of Answer A]") < p.indexOf("[The Start of Answer B]\nBlue is nice.\n[The End of Answer B]"));
    assert.ok(p.includes("[The Start of Answer C]\nGreen\n[The End of Answer C]"));
    assert.match(p, /Rank the 3 answers/);
    assert.match(p, /FINAL RANKING:" and lists every label \(A, B, C\) exactly once, best first/);
    assert.match(repairPrompt(ABC, "B missing"), /\(B missing\).*labels A, B, C, each exactly once/);
  });
});

describe("parseRanking", () => {
  test("good: the labels best first, as positions in the shown list", () => {
    assert.deepEqual(order("A is thorough, C is wrong.\nFINAL RANKING: C > A > B"), [2, 0, 1]);
    assert.deepEqual(order("FINAL RANKING: B > A", labelsFor(2)), [1, 0]);
  });

  test("messy but clear: case, spaces, Markdown, a trailing period, \"Answer\", brackets, the next line", () => {
    assert.deepEqual(order("final ranking:c>a>b"), [2, 0, 1]);
    assert.deepEqual(order("**Final Ranking:** Answer C > answer a > [B]."), [2, 0, 1]);
    assert.deepEqual(order("Final ranking :   C  >  (A)  >  B  .  "), [2, 0, 1]);
    assert.deepEqual(order("FINAL RANKING:\n\nC > A > B"), [2, 0, 1]);
    assert.deepEqual(order("`FINAL RANKING: C > A > B`"), [2, 0, 1]);
  });

  test("the last ranking line counts; one inside <think> is ignored", () => {
    assert.deepEqual(order("Draft FINAL RANKING: A > B > C\nOn reflection…\nFINAL RANKING: B > C > A"), [1, 2, 0]);
    assert.deepEqual(order("<think>FINAL RANKING: A > B > C</think>B wins.\nFINAL RANKING: B > A > C"), [1, 0, 2]);
    assert.match(String(order("<think>FINAL RANKING: A > B > C</think>I cannot decide.")), /no "FINAL RANKING:" line/);
  });

  test("broken: no line, an empty line, another separator, ties, an empty place", () => {
    assert.match(String(order("C is best, then A, then B.")), /no "FINAL RANKING:" line/);
    assert.match(String(order("FINAL RANKING:")), /line is empty/);
    assert.match(String(order("FINAL RANKING: C, A, B")), /"C, A, B" is not one of the labels A, B, C/);
    assert.match(String(order("FINAL RANKING: C > A = B")), /"A = B" is not one of the labels/);
    assert.match(String(order("FINAL RANKING: C >> A > B")), /empty place/);
  });

  test("missing, unknown and duplicated labels", () => {
    assert.equal(order("FINAL RANKING: C > A"), "B missing");
    assert.equal(order("FINAL RANKING: C", labelsFor(4)), "A, B, D missing");
    assert.match(String(order("FINAL RANKING: C > A > D")), /"D" is not one of the labels A, B, C/);
    assert.equal(order("FINAL RANKING: C > A > C > B"), "C is listed twice");
  });
});
