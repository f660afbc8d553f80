import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, runCli } from "../helpers/cli";

const FIXTURE = "test/fixtures/tiny-reward";
interface RefItem { prompt: string; answer: string; score: number }
const reference = JSON.parse(readFileSync(join(ROOT, FIXTURE, "reference.json"), "utf8")) as { items: RefItem[] };
const SEA = reference.items.filter((i) => i.prompt === "Write a short poem about the sea.");
const tmp = mkdtempSync(join(tmpdir(), "reward-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = !existsSync(CLI) && "run npm run build first";

const sea = { id: "sea", instruction: SEA[0].prompt, input: "", candidates: SEA.map((it, k) => ({ model: `m${k + 1}`, text: it.answer })) };

interface RankJson { items: { comparisons: number; matrix: (number | null)[][]; ranking: { model: string; rank: number; score: number }[] }[] }

test("rank --ranker reward --model test/fixtures/tiny-reward --json: 5 answers ranked by torch's scores", { skip }, () => {
  const input = join(tmp, "sea.jsonl");
  writeFileSync(input, JSON.stringify(sea) + "\n");
  const r = runCli(["rank", input, "--ranker", "reward", "--model", FIXTURE, "--threads", "1", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const item = (JSON.parse(r.stdout) as RankJson).items[0];
  assert.equal(item.comparisons, 20);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      const v = item.matrix[i][j];
      if (i === j) assert.equal(v, null);
      else assert.ok(v !== null && Number.isFinite(v) && Math.abs(v - (SEA[i].score - SEA[j].score)) < 1e-4, `matrix[${i}][${j}] = ${v}`);
    }
  const byScore = SEA.map((it, k) => ({ m: `m${k + 1}`, s: it.score })).sort((a, b) => b.s - a.s).map((x) => x.m);
  assert.deepEqual(item.ranking.map((x) => x.model), byScore);
  assert.ok(item.ranking.every((x) => Number.isFinite(x.score)));
});

test("eval --ranker reward: accuracy against judge verdicts, from the same scores", { skip }, () => {
  const judgments = [
    { a: "m3", b: "m2", winner: "a" },
    { a: "m1", b: "m4", winner: "a" },
    { a: "m5", b: "m2", winner: "b" },
    { a: "m1", b: "m2", winner: "tie" },
  ];
  const input = join(tmp, "sea-judged.jsonl");
  writeFileSync(input, JSON.stringify({ ...sea, judgments }) + "\n");
  const r = runCli(["eval", input, "--ranker", "reward", "--model", FIXTURE, "--threads", "1", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { ranker: string; examples: number; pairs: number; pairwiseAccuracy: number; comparisons: number };
  assert.equal(out.ranker, "reward");
  assert.equal(out.examples, 1);
  assert.equal(out.pairs, 3, "the tie is not counted");
  const score = (m: string) => SEA[Number(m.slice(1)) - 1].score;
  const right = judgments.filter((j) => j.winner !== "tie").filter((j) => (score(j.a) > score(j.b)) === (j.winner === "a")).length;
  assert.ok(Math.abs(out.pairwiseAccuracy - right / 3) < 1e-9, `accuracy ${out.pairwiseAccuracy}, expected ${right}/3`);
});

test("a prompt over the model's limit: ranked, and the cut is reported on stderr", { skip }, () => {
  const long = { ...sea, id: "long", instruction: "Background: " + "the sea is a large body of salt water. ".repeat(60) + "Now write a short poem about the sea." };
  const input = join(tmp, "long.jsonl");
  writeFileSync(input, JSON.stringify(long) + "\n");
  const r = runCli(["rank", input, "--ranker", "reward", "--model", FIXTURE, "--threads", "1", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as RankJson).items[0].comparisons, 20);
  assert.match(r.stderr, /reward: 1 problem worked around:\n {2}reward tiny-reward: input over the model's 128-token limit .*for 5 answers the prompt was shortened from the left/);
});

test("rank with a missing model folder: exit 1, one line saying how to get a reward model, no stack trace", { skip }, () => {
  const input = join(tmp, "sea2.jsonl");
  writeFileSync(input, JSON.stringify(sea) + "\n");
  const r = runCli(["rank", input, "--ranker", "reward", "--model", join(tmp, "nowhere"), "--json"]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /model folder .*nowhere does not exist .*models\/reward\/export\.py/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});
