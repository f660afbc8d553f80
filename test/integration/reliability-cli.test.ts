// Odd inputs through the built CLI (npm test builds dist/ first): each test is one class of input
// that once crashed, hung, leaked or misled, now handled with a one-line message and the right exit code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const rec = (id: string, texts: string[] = ["short", "a longer answer"], extra: object = {}) =>
  JSON.stringify({ id, instruction: `question ${id}`, input: "", candidates: texts.map((text, i) => ({ model: `m${i}`, text })), ...extra });

interface RankDoc {
  items: Array<{ id: string }>;
  issues: Array<{ where: string; message: string }>;
  badRecords: number;
}

test("a JSONL line that is not UTF-8: rank and eval skip that line only, name it, exit 2", () => {
  const scores = { scores: { m0: 1, m1: 2 } };
  const bytes = Buffer.concat([
    Buffer.from(rec("one", undefined, scores) + "\n" + rec("two", undefined, scores) + "\n"),
    Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]), // {"id":"\xc3(\"}
    Buffer.from(rec("four", undefined, scores) + "\n"),
  ]);
  const t = tempTree({ "set.jsonl": bytes });
  try {
    const r = runCli(["rank", t.path("set.jsonl"), "--ranker", "length", "--json"]);
    assert.equal(r.status, 2, r.stderr);
    const doc = JSON.parse(r.stdout) as RankDoc;
    assert.deepEqual(doc.items.map((i) => i.id), ["one", "two", "four"]);
    assert.equal(doc.badRecords, 1);
    assert.match(doc.issues[0].where, /set\.jsonl:3$/);
    assert.match(r.stderr, /set\.jsonl:3: not valid UTF-8 \(byte 0xc3 at column 8\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);

    const e = runCli(["eval", t.path("set.jsonl"), "--ranker", "length", "--json"]);
    assert.equal(e.status, 2, e.stderr);
    const s = JSON.parse(e.stdout) as { examples: number; issues: RankDoc["issues"]; badRecords: number };
    assert.equal(s.examples, 3);
    assert.equal(s.badRecords, 1);
    assert.match(s.issues[0].message, /not valid UTF-8/);
  } finally {
    t.cleanup();
  }
});
