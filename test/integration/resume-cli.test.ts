// rank/eval --out FILE --resume through the built CLI: a run stopped part way (even in the middle
// of writing a line) continues where it stopped and ends with exactly what one uninterrupted run
// writes and prints; the records already done are not ranked again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const answers = (k: number) => ["short", `a longer answer number ${k}`, `an answer of medium size ${"x".repeat(k % 7)}`, "mid answer"];
const rec = (id: string, k: number) =>
  JSON.stringify({
    id,
    instruction: `question ${id}`,
    input: "",
    candidates: answers(k).map((text, i) => ({ model: `m${i}`, text })),
    scores: { m0: (k * 7) % 5, m1: (k * 3) % 4, m2: k % 3, m3: 1.5 },
  });
const DATASET = Array.from({ length: 12 }, (_, k) => rec(`q${k}`, k)).join("\n") + "\n";

/** The first `whole` lines of a results file, and `part` characters of the next (a run killed while writing it). */
function cutAfter(file: string, whole: number, part = 0): string {
  const lines = readFileSync(file, "utf8").split("\n");
  return lines.slice(0, whole).join("\n") + "\n" + lines[whole].slice(0, part);
}

test("eval --out, stopped after 5 examples and in the middle of the 6th line: --resume ends with the same file and the same summary; only the rest is ranked", () => {
  const t = tempTree({ "set.jsonl": DATASET });
  try {
    const opts = ["--ranker", "length", "--baseline", "random", "--json"];
    const full = runCli(["eval", t.path("set.jsonl"), ...opts, "--out", t.path("full.jsonl")]);
    assert.equal(full.status, 0, full.stderr);
    const fullFile = readFileSync(t.path("full.jsonl"), "utf8");
    assert.equal(fullFile.trimEnd().split("\n").length, 12);
    assert.match(full.stderr, /eval: 12 examples evaluated now, 0 from the earlier run/);

    writeFileSync(t.path("part.jsonl"), cutAfter(t.path("full.jsonl"), 5, 40));
    const resumed = runCli(["eval", t.path("set.jsonl"), ...opts, "--out", t.path("part.jsonl"), "--resume"]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(readFileSync(t.path("part.jsonl"), "utf8"), fullFile, "the resumed file is the uninterrupted run's file");
    assert.match(resumed.stderr, /part\.jsonl:6: the last line was cut off .*runs again/);
    assert.match(resumed.stderr, /eval: 7 examples evaluated now, 5 from the earlier run/);
    const a = JSON.parse(full.stdout) as Record<string, unknown>;
    const b = JSON.parse(resumed.stdout) as Record<string, unknown>;
    assert.equal(a.resumed, 0);
    assert.equal(b.resumed, 5);
    assert.deepEqual({ ...b, resumed: 0 }, a, "the summary counts the earlier examples exactly as the full run did");

    // Everything done: nothing is ranked, the summary is the same.
    const again = runCli(["eval", t.path("set.jsonl"), ...opts, "--out", t.path("part.jsonl"), "--resume"]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /eval: 0 examples evaluated now, 12 from the earlier run/);
    assert.deepEqual({ ...(JSON.parse(again.stdout) as object), resumed: 0 }, a);
  } finally {
    t.cleanup();
  }
});

test("rank --out, stopped after 3 records: --resume writes the other 9, the file is the uninterrupted run's; a last line without its newline is kept", () => {
  const t = tempTree({ "set.jsonl": DATASET });
  try {
    const full = runCli(["rank", t.path("set.jsonl"), "--ranker", "random", "--plan", "knockout", "--out", t.path("full.jsonl")]);
    assert.equal(full.status, 0, full.stderr);
    assert.equal(full.stdout, "", "the results go to the file");
    const fullFile = readFileSync(t.path("full.jsonl"), "utf8");
    const lines = fullFile.trimEnd().split("\n").map((l) => JSON.parse(l) as { id: string; run: { ranker: string; plan: string }; ranking: unknown[]; comparisons: number });
    assert.deepEqual(lines.map((l) => l.id), Array.from({ length: 12 }, (_, k) => `q${k}`));
    assert.deepEqual([lines[0].run.ranker, lines[0].run.plan, lines[0].ranking.length, lines[0].comparisons], ["random", "knockout", 4, 6]);

    writeFileSync(t.path("part.jsonl"), cutAfter(t.path("full.jsonl"), 3).replace(/\n$/, ""));
    // --dry-run: the budget leaves out what the file has; the file is not touched.
    const dry = runCli(["rank", t.path("set.jsonl"), "--ranker", "random", "--plan", "knockout", "--out", t.path("part.jsonl"), "--resume", "--dry-run", "--json"]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual((JSON.parse(dry.stdout) as { budget: { examples: Array<{ id: string }> } }).budget.examples.map((e) => e.id), Array.from({ length: 9 }, (_, k) => `q${k + 3}`));
    assert.equal(readFileSync(t.path("part.jsonl"), "utf8"), cutAfter(t.path("full.jsonl"), 3).replace(/\n$/, ""));
    const resumed = runCli(["rank", t.path("set.jsonl"), "--ranker", "random", "--plan", "knockout", "--out", t.path("part.jsonl"), "--resume"]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /rank: 9 records ranked now, 3 from the earlier run/);
    assert.equal(readFileSync(t.path("part.jsonl"), "utf8"), fullFile);
  } finally {
    t.cleanup();
  }
});

test("a repeated id is skipped only as often as it was written", () => {
  const t = tempTree({ "set.jsonl": [rec("same", 1), rec("same", 2), rec("other", 3)].join("\n") + "\n" });
  try {
    assert.equal(runCli(["rank", t.path("set.jsonl"), "--ranker", "length", "--out", t.path("full.jsonl")]).status, 0);
    writeFileSync(t.path("part.jsonl"), cutAfter(t.path("full.jsonl"), 1));
    const r = runCli(["rank", t.path("set.jsonl"), "--ranker", "length", "--out", t.path("part.jsonl"), "--resume"]);
    assert.equal(r.status, 0, r.stderr);
    const ids = (f: string) => readFileSync(f, "utf8").trimEnd().split("\n").map((l) => (JSON.parse(l) as { id: string }).id);
    assert.deepEqual(ids(t.path("part.jsonl")), ["same", "same", "other"]);
  } finally {
    t.cleanup();
  }
});

test("refused with one line naming the file, line and field, the file untouched: no --resume on an existing file, other options, a broken line, --resume without --out, --json with --out", () => {
  const t = tempTree({ "set.jsonl": DATASET });
  try {
    assert.equal(runCli(["eval", t.path("set.jsonl"), "--ranker", "length", "--out", t.path("out.jsonl")]).status, 0);
    const before = readFileSync(t.path("out.jsonl"), "utf8");
    const refused = (args: string[], message: RegExp) => {
      const r = runCli(args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.equal(readFileSync(t.path("out.jsonl"), "utf8"), before);
    };
    const evalArgs = ["eval", t.path("set.jsonl"), "--out", t.path("out.jsonl")];
    refused([...evalArgs, "--ranker", "length"], /out\.jsonl: field "out": already exists: add --resume/);
    refused([...evalArgs, "--ranker", "random", "--resume"], /out\.jsonl:1: field "run\.ranker": the earlier run used "length", this one "random"/);
    refused([...evalArgs, "--ranker", "length", "--tie-margin", "0.5", "--resume"], /out\.jsonl:1: field "run\.tieMargin": the earlier run used 0\.1, this one 0\.5/);
    refused(["rank", t.path("set.jsonl"), "--ranker", "length", "--out", t.path("out.jsonl"), "--resume"], /out\.jsonl:1: field "run\.command": the earlier run used "eval", this one "rank"/);
    refused(["eval", t.path("set.jsonl"), "--ranker", "length", "--resume"], /--resume needs --out FILE/);
    refused(["rank", t.path("set.jsonl"), "--ranker", "length", "--json", "--out", t.path("other.jsonl")], /--json prints the results on stdout; --out writes them to a file/);

    const lines = before.split("\n");
    lines[2] = "{ broken";
    writeFileSync(t.path("out.jsonl"), lines.join("\n"));
    const broken = readFileSync(t.path("out.jsonl"), "utf8");
    const r = runCli([...evalArgs, "--ranker", "length", "--resume"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /out\.jsonl:3: is not a JSON line of an earlier run/);
    assert.equal(readFileSync(t.path("out.jsonl"), "utf8"), broken);
  } finally {
    t.cleanup();
  }
});
