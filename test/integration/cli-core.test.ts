import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, ROOT } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const ELEVEN = JSON.stringify({
  id: "eleven",
  instruction: "Name a prime number and explain why it is prime.",
  input: "",
  candidates: Array.from({ length: 11 }, (_, i) => ({ model: `model-${i}`, text: `Seven is prime because its only divisors are one and itself.${" Indeed.".repeat((i * 5) % 11)}` })),
});

interface RankJson {
  items: Array<{ id: string; ranking: Array<{ candidate: number; model: string; rank: number; score: number }>; matrix: Array<Array<number | null>>; comparisons: number }>;
  badRecords: number;
}

test("rank --plan full|bubble|knockout on 11 candidates: 110 / 20 / 20 calls and an 11×11 matrix", () => {
  const t = tempTree({ "eleven.jsonl": ELEVEN + "\n" });
  try {
    for (const [plan, calls] of [
      ["full", 110],
      ["bubble", 20],
      ["knockout", 20],
    ] as const) {
      const r = runCli(["rank", t.path("eleven.jsonl"), "--ranker", "length", "--plan", plan, "--json"]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as RankJson;
      const item = out.items[0];
      assert.equal(item.comparisons, calls, plan);
      assert.equal(item.matrix.length, 11);
      assert.ok(item.matrix.every((row) => row.length === 11));
      assert.equal(item.matrix.flat().filter((v) => v !== null).length, calls);
      // The longest answer (i = 2: 10 repeats) is the length ranker's best under every plan.
      assert.equal(item.ranking[0].model, "model-2", plan);
      assert.equal(item.ranking.length, 11);
    }
  } finally {
    t.cleanup();
  }
});

test("a malformed line 2 in JSONL: exit 2, the message names line 2, the good records are still ranked", () => {
  const rec = (id: string) => JSON.stringify({ id, instruction: "q", candidates: [{ model: "a", text: "short" }, { model: "b", text: "longer one" }] });
  const t = tempTree({ "in.jsonl": [rec("one"), '{"id": "two", "candidates": [', rec("three")].join("\n") });
  try {
    const r = runCli(["rank", t.path("in.jsonl"), "--ranker", "length", "--json"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /in\.jsonl:2: malformed JSON/);
    assert.match(r.stderr, /1 bad record skipped/);
    const out = JSON.parse(r.stdout) as RankJson;
    assert.deepEqual(
      out.items.map((i) => i.id),
      ["one", "three"],
    );
    assert.equal(out.badRecords, 1);
  } finally {
    t.cleanup();
  }
});

test("bad options exit 2 with a clear message", () => {
  const ex = join(ROOT, "examples", "binary-search");
  const cases: Array<[string[], RegExp]> = [
    [["rank", ex, "--plan", "zigzag"], /unknown plan "zigzag"/],
    [["rank", ex, "--ranker", "nope"], /unknown ranker "nope"/],
    [["rank", ex, "--bogus", "1"], /unknown option --bogus/],
    [["rank"], /rank needs an <input>/],
    [["rank", "/does/not/exist"], /\/does\/not\/exist: no such file or folder/],
    [["eval", join(ROOT, "examples", "binary-search")], /no example has judge/],
  ];
  for (const [args, re] of cases) {
    const r = runCli([...args]);
    assert.equal(r.status, 2, args.join(" ") + "\n" + r.stderr);
    assert.match(r.stderr, re);
  }
});

test("blend --fuser none: the fused text is the top answer as is, credited to it alone", () => {
  const r = runCli(["blend", join(ROOT, "examples", "git-undo"), "--ranker", "length", "--fuser", "none", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { items: Array<{ ranking: Array<{ model: string }>; top: { model: string; text: string }; fused: { fuser: string; topK: number; text: string; sources: string[]; unchanged?: boolean } }> };
  const item = out.items[0];
  assert.equal(item.top.model, item.ranking[0].model);
  assert.equal(item.fused.fuser, "none");
  assert.equal(item.fused.text, item.top.text);
  assert.deepEqual(item.fused.sources, [item.ranking[0].model], "From names the one answer whose text it is");
  assert.equal(item.fused.unchanged, undefined, "none does not try to fuse: nothing to report as unchanged");
  const text = runCli(["blend", join(ROOT, "examples", "binary-search"), "--fuser", "extractive"]);
  assert.match(text.stdout, /^-- extractive merge, top 3: no additions — answer #1 as is$/m);
  const top = readFileSync(join(ROOT, "examples", "binary-search", "gpt-4o.md"), "utf8").trim();
  assert.equal(text.stdout.split(top).length, 2, "the top answer is printed once, not again as a fusion");
});

test("blend --markdown prints one report per example, ranked as --json ranks them; with --json it is refused", () => {
  const file = join(ROOT, "examples", "blend-set.jsonl");
  const json = runCli(["blend", file, "--json", "--quiet"]);
  assert.equal(json.status, 0, json.stderr);
  const items = (JSON.parse(json.stdout) as { items: Array<{ ranking: Array<{ model: string }>; fused: { text: string } }> }).items;
  const md = runCli(["blend", file, "--markdown", "--quiet"]);
  assert.equal(md.status, 0, md.stderr);
  const reports = md.stdout.split(/^(?=# Blend: )/m).filter((r) => r.trim());
  assert.equal(reports.length, items.length);
  reports.forEach((report, i) => {
    const answers = [...report.matchAll(/^### #\d+ (.+)$/gm)].map((m) => m[1].replace(/\\(.)/g, "$1"));
    assert.deepEqual(answers, items[i].ranking.map((r) => r.model), `example ${i}`);
    const fused = report.split(/## (?:Fused|Top-ranked) answer/)[1].split("\n## ")[0];
    assert.ok(fused.includes(items[i].fused.text.split("\n")[0]), `example ${i}: the fused text`);
  });
  const both = runCli(["blend", file, "--markdown", "--json"]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--markdown and --json cannot be used together/);
});

test("rank prints a readable table and matrix by default", () => {
  const r = runCli(["rank", join(ROOT, "examples", "binary-search"), "--ranker", "length", "--plan", "knockout"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ranker length · plan knockout · aggregate max-logits · 6 comparisons/);
  assert.match(r.stdout, /^\s+1\s+1\s+gpt-4o/m);
  assert.match(r.stdout, /P\(row>col\)/);
  assert.match(r.stdout, /·/, "uncompared cells are shown as ·");
});

const AUTOJ = join(ROOT, "..", "shared", "data", "autoj", "data", "test", "testdata_pairwise.jsonl");

test("length ranker on the Auto-J human pairs through the CLI equals an independent computation", { skip: !existsSync(AUTOJ) && "../shared/data is not present" }, () => {
  // Independent: straight from the raw file, Python-style character counts, equal lengths half right.
  let pairs = 0;
  let correct = 0;
  for (const line of readFileSync(AUTOJ, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { label: number; "response 1": string; "response 2": string };
    if (r.label === 2) continue;
    const a = [...r["response 1"]].length;
    const b = [...r["response 2"]].length;
    pairs++;
    correct += a === b ? 0.5 : (a > b) === (r.label === 0) ? 1 : 0;
  }
  const t = tempTree({});
  try {
    const conv = runCli(["convert", "autoj", "--out", t.path("autoj.jsonl")]);
    assert.equal(conv.status, 0, conv.stderr);
    const r = runCli(["eval", t.path("autoj.jsonl"), "--ranker", "length", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { pairs: number; pairwiseAccuracy: number; ties: number; examples: number };
    assert.equal(s.pairs, pairs);
    assert.equal(s.pairs, 1019);
    assert.equal(s.ties, 373);
    assert.ok(Math.abs(s.pairwiseAccuracy - correct / pairs) < 1e-12, `${s.pairwiseAccuracy} vs ${correct / pairs}`);
    assert.ok(Math.abs(s.pairwiseAccuracy - 0.716) < 0.001);
  } finally {
    t.cleanup();
  }
});

test("eval --baseline: standard errors, and the paired difference equals the two accuracies' difference", () => {
  // Judge scores favour the shorter answer in half of the examples: length is right on the others only.
  const lines = Array.from({ length: 12 }, (_, k) => {
    const texts = ["short answer.", "a somewhat longer answer here.", "the longest answer of the three, with extra words."];
    const scores = k % 2 ? { a: 3, b: 2, c: 1 } : { a: 1, b: 2, c: 3 };
    return JSON.stringify({ id: `q${k}`, instruction: `Question ${k}?`, input: "", candidates: texts.map((text, i) => ({ model: "abc"[i], text: `${text} ${k}` })), scores });
  });
  const t = tempTree({ "set.jsonl": lines.join("\n") + "\n" });
  try {
    const r = runCli(["eval", t.path("set.jsonl"), "--ranker", "length", "--baseline", "random", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      pairs: number;
      pairwiseAccuracy: number;
      pairwiseAccuracySE: number;
      baseline: { ranker: string; pairwiseAccuracy: number; pairwise: { pairs: number; difference: number; se: number } };
    };
    assert.equal(s.pairs, 36);
    assert.equal(s.pairwiseAccuracy, 0.5);
    // all of one example right or all wrong: the clustered error is that of 12 coin flips, sqrt(12/11 · 12 · 1.5²) / 36.
    assert.ok(Math.abs(s.pairwiseAccuracySE - Math.sqrt((12 / 11) * 12 * 2.25) / 36) < 1e-12, String(s.pairwiseAccuracySE));
    assert.equal(s.baseline.ranker, "random");
    assert.equal(s.baseline.pairwise.pairs, 36);
    assert.ok(Math.abs(s.baseline.pairwise.difference - (s.pairwiseAccuracy - s.baseline.pairwiseAccuracy)) < 1e-12);
    assert.ok(s.baseline.pairwise.se > 0);

    const text = runCli(["eval", t.path("set.jsonl"), "--ranker", "length", "--baseline", "random"]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /pairwise accuracy +0\.5000 ± 0\.\d{4} \(95% CI /);
    assert.match(text.stdout, /baseline +random: pairwise accuracy 0\.\d{4}; length minus random on the same pairs:/);
    assert.match(text.stdout, /all pairs +[+-]0\.\d{4} ± 0\.\d{4} .* on 36 pairs/);

    const bad = runCli(["eval", t.path("set.jsonl"), "--baseline", "nope"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown ranker "nope"/);
  } finally {
    t.cleanup();
  }
});
