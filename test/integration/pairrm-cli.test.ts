import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { SEA_EXAMPLE } from "../helpers/sea-example";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/cli.js");
const FIXTURE = "test/fixtures/tiny-pairrm";
const reference = JSON.parse(readFileSync(join(ROOT, FIXTURE, "reference.json"), "utf8")) as { pairs: { logit: number }[] };
const tmp = mkdtempSync(join(tmpdir(), "pairrm-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = !existsSync(CLI) && "run npm run build first";

const example = SEA_EXAMPLE;

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT });

test("rank --ranker pairrm --plan full: 5 candidates, 20 calls, the torch logits", { skip }, async () => {
  const input = join(tmp, "sea.jsonl");
  writeFileSync(input, JSON.stringify(example) + "\n");
  const r = run(["rank", input, "--ranker", "pairrm", "--model", FIXTURE, "--plan", "full", "--threads", "1", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { items: { comparisons: number; matrix: (number | null)[][]; ranking: { model: string; rank: number }[] }[] };
  const item = out.items[0];
  assert.equal(item.comparisons, 20);
  assert.equal(item.ranking.length, 5);
  const m = item.matrix;
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.ok(i === j ? m[i][j] === null : Number.isFinite(m[i][j]), `matrix[${i}][${j}]`);
  // (m1, m2) and (m2, m1) are reference pairs 0 and 1, scored by torch.
  assert.ok(Math.abs((m[0][1] as number) - reference.pairs[0].logit) < 1e-4);
  assert.ok(Math.abs((m[1][0] as number) - reference.pairs[1].logit) < 1e-4);
  // Every other cell equals the in-process engine (same ONNX graph, checked against torch above).
  const local = await createPairRmRanker({ model: join(ROOT, FIXTURE), threads: 1 });
  const src = example.instruction + example.input;
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      if (i === j) continue;
      const [v] = await local.scorePairs([{ source: src, a: example.candidates[i].text, b: example.candidates[j].text }]);
      assert.ok(Math.abs((m[i][j] as number) - v) < 1e-5, `matrix[${i}][${j}]`);
    }
  await local.dispose();
});

test("rank with a missing model folder: exit 1 and a message saying how to get PairRM", { skip }, () => {
  const input = join(tmp, "sea2.jsonl");
  writeFileSync(input, JSON.stringify(example) + "\n");
  const r = run(["rank", input, "--ranker", "pairrm", "--model", join(tmp, "nowhere"), "--json"]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /model folder .*nowhere does not exist .*export\.py/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});
