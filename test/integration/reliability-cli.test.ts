// Odd inputs through the built CLI (npm test builds dist/ first): each test is one class of input
// that once crashed, hung, leaked or misled, now handled with a one-line message and the right exit code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { basename, join } from "node:path";
import { nodeFs } from "../../src/core/candidates/input-fs";
import { displayWidth } from "../../src/core/display-text";
import { CLI, ROOT, runCli } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const rec = (id: string, texts: string[] = ["short", "a longer answer"], extra: object = {}) =>
  JSON.stringify({ id, instruction: `question ${id}`, input: "", candidates: texts.map((text, i) => ({ model: `m${i}`, text })), ...extra });

/** Runs the built CLI without blocking this process (servers and sockets live here). */
function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

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

test("a folder with a broken and a looping symlink, a folder named x.md, a named pipe and a socket: each skipped with a line, no hang, no stack trace", async () => {
  const t = tempTree({ "answers/a.md": "A short answer.", "answers/b.md": "A somewhat longer answer here.", "answers/sub.md/inner.md": "not an answer of this folder" });
  const server = createServer();
  try {
    const dir = t.path("answers");
    symlinkSync(join(dir, "missing.md"), join(dir, "dangling.md"));
    symlinkSync(join(dir, "loop.md"), join(dir, "loop.md"));
    execFileSync("mkfifo", [join(dir, "pipe.md"), join(dir, "pipe-no-ext")]);
    await new Promise<void>((resolve) => server.listen(join(dir, "sock.md"), resolve));
    const r = await runCliAsync(["rank", dir, "--ranker", "length", "--json"]);
    assert.equal(r.status, 2, r.stderr); // unreadable answers are bad files; the readable ones are ranked
    const doc = JSON.parse(r.stdout) as RankDoc;
    assert.equal(doc.items.length, 1);
    const lines = doc.issues.map((i) => `${basename(i.where)}: ${i.message}`).sort();
    assert.deepEqual(lines, [
      "dangling.md: skipped: a broken symbolic link (its target does not exist)",
      "loop.md: skipped: a symbolic link loop",
      "pipe-no-ext: skipped: a named pipe, not a regular file",
      "pipe.md: skipped: a named pipe, not a regular file",
      "sock.md: skipped: a socket, not a regular file",
      "sub.md: skipped: a folder, not an answer file",
    ]);
    assert.equal(doc.badRecords, 4);
    assert.doesNotMatch(r.stderr, /\n\s+at /);

    // Named directly on the command line: one line, exit 2.
    for (const [name, why] of [
      ["pipe.md", /pipe\.md: a named pipe, not a regular file/],
      ["dangling.md", /dangling\.md: a broken symbolic link/],
      ["loop.md", /loop\.md: a symbolic link loop/],
      ["sock.md", /sock\.md: a socket, not a regular file/],
    ] as const) {
      const one = await runCliAsync(["rank", join(dir, name), join(dir, "a.md"), "--ranker", "length"]);
      assert.equal(one.status, 2, `${name}: ${one.stderr}`);
      assert.match(one.stderr, why);
      assert.equal(one.stderr.trim().split("\n").length, 1, one.stderr);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    t.cleanup();
  }
});

test("reading a named pipe that passed for a file never blocks: the read is refused at once", async () => {
  const t = tempTree({});
  try {
    execFileSync("mkfifo", [t.path("p.jsonl")]);
    await assert.rejects(nodeFs.readFile(t.path("p.jsonl")), /a named pipe, not a regular file/);
    const chunks = nodeFs.readChunks?.(t.path("p.jsonl"));
    assert.ok(chunks);
    await assert.rejects(chunks[Symbol.asyncIterator]().next(), /a named pipe, not a regular file/);
  } finally {
    t.cleanup();
  }
});

test("ids, prompts and model names with ESC sequences, newlines, bidi overrides, CJK and emoji: escaped, and the table columns line up", () => {
  const evil = "\x1b]0;pwned\x07\x1b[2J\u202e";
  const record = {
    id: `q${evil}`,
    instruction: `Clear the screen?${evil}\nsecond line`,
    input: "",
    candidates: [
      { model: "plain", text: "A plain answer." },
      { model: `bad${evil}\nname`, text: `An answer with${evil} controls.` },
      { model: "日本語モデル", text: "日本語の答えです。" },
      { model: "emoji 👍🏽 model", text: "👍" },
    ],
  };
  const t = tempTree({ "set.jsonl": JSON.stringify(record) + "\n" + JSON.stringify({ ...record, id: "dup", candidates: [record.candidates[1], record.candidates[1]] }) + "\n" });
  try {
    for (const args of [["rank"], ["blend", "--fuser", "none"], ["blend", "--fuser", "none", "--markdown"]]) {
      const r = runCli([...args, t.path("set.jsonl"), "--ranker", "length"]);
      assert.equal(r.status, 2, r.stderr); // the second record repeats a model name
      // eslint-disable-next-line no-control-regex -- looking for raw control characters
      const raw = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
      assert.doesNotMatch(r.stdout, raw, args.join(" "));
      assert.doesNotMatch(r.stderr, raw, args.join(" "));
      assert.ok(r.stdout.includes("\\x1b]0;pwned\\x07") || r.stdout.includes("\\\\x1b\\]0;pwned\\\\x07"), r.stdout);
      assert.match(r.stderr, /duplicate model name "bad\\x1b\]0;pwned\\x07\\x1b\[2J\\u202e name"/);
    }
    const r = runCli(["rank", t.path("set.jsonl"), "--ranker", "length"]);
    const table = r.stdout.split("\n").filter((l) => /^\s+\d+\s+\d+\s/.test(l) && !l.includes("P(row"));
    assert.equal(table.length, 4, r.stdout);
    // The (right-aligned) score column ends at the same terminal column on every row, whatever the name's width.
    const scoreEnd = table.map((l) => {
      const m = /(\S+)\s+\d+\s+\d+$/.exec(l);
      return m ? displayWidth(l.slice(0, m.index + m[1].length)) : -1;
    });
    assert.equal(new Set(scoreEnd).size, 1, table.join("\n"));
    const rows = r.stdout.split("\n").filter((l) => /^\d \S/.test(l));
    assert.equal(rows.length, 4, r.stdout);
    const firstCell = rows.map((l) => displayWidth(l.slice(0, l.search(/(—|\d\.\d\d)/))));
    assert.equal(new Set(firstCell.slice(1)).size, 1, rows.join("\n"));
  } finally {
    t.cleanup();
  }
});

test("eval: a dataset without judge data names its path once; --json carries issues and badRecords", () => {
  const t = tempTree({ "plain.jsonl": rec("a") + "\n", "judged.jsonl": rec("a", undefined, { scores: { m0: 1, m1: 2 } }) + "\n{broken\n" });
  try {
    const r = runCli(["eval", t.path("plain.jsonl"), "--ranker", "length"]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.split(t.path("plain.jsonl")).length - 1, 1, r.stderr);
    assert.match(r.stderr, /plain\.jsonl: no example has judge "judgments" or "scores"/);
    const j = runCli(["eval", t.path("judged.jsonl"), "--ranker", "length", "--json"]);
    assert.equal(j.status, 2, j.stderr);
    const doc = JSON.parse(j.stdout) as { examples: number; issues: Array<{ where: string }>; badRecords: number };
    assert.equal(doc.examples, 1);
    assert.equal(doc.badRecords, 1);
    assert.match(doc.issues[0].where, /judged\.jsonl:2$/);
  } finally {
    t.cleanup();
  }
});
