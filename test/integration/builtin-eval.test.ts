// `answer-blender eval --ranker builtin` through the built CLI (worker thread, dist bundle,
// default model folder) on a committed sample of held-out data: 50 Auto-J human non-tie pairs
// (test/fixtures/heldout-sample/autoj-50.jsonl, never trained on).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { runCli, ROOT } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const SAMPLE = join(ROOT, "test/fixtures/heldout-sample/autoj-50.jsonl");

interface EvalJson {
  ranker: string;
  examples: number;
  pairs: number;
  pairwiseAccuracy: number;
}

function evalWith(ranker: string): EvalJson {
  const r = runCli(["eval", SAMPLE, "--ranker", ranker, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as EvalJson;
}

// The length baseline on all 1,019 Auto-J non-tie pairs. 50 pairs cannot separate
// builtin from length (standard error ~0.06; on this sample length itself scores 0.76), so the
// sample guards against a broken or untrained model: random scores ~0.5 here.
const LENGTH_BASELINE_AUTOJ = 0.716;

test("builtin stays above the length baseline on the held-out Auto-J sample", () => {
  const builtin = evalWith("builtin");
  const length = evalWith("length");
  const random = evalWith("random");
  assert.equal(builtin.ranker, "builtin");
  assert.equal(builtin.examples, 50);
  assert.equal(builtin.pairs, 50);
  assert.equal(length.pairs, 50);
  assert.ok(builtin.pairwiseAccuracy > LENGTH_BASELINE_AUTOJ, `builtin ${builtin.pairwiseAccuracy} <= ${LENGTH_BASELINE_AUTOJ}`);
  assert.ok(builtin.pairwiseAccuracy > random.pairwiseAccuracy + 0.1, `builtin ${builtin.pairwiseAccuracy} vs random ${random.pairwiseAccuracy}`);
});

test("builtin is the ranker used when none is named", () => {
  const r = runCli(["eval", SAMPLE, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as EvalJson).ranker, "builtin");
});

interface RankJson {
  items: Array<{ id: string; ranking: Array<{ model: string; rank: number; score: number }> }>;
}

// 12 held-out AlpacaEval selfinstruct prompts, 5 real answers each, plus NullModel's prompt
// injection, a gpt4_gamed answer cut off after ~10 characters, a near-empty answer and one
// phrase repeated 30 times (test/fixtures/heldout-sample/ae-adversarial-12.jsonl).
test("adversarial answers rank below every real answer (>= 95 % of cases)", () => {
  const r = runCli(["rank", join(ROOT, "test/fixtures/heldout-sample/ae-adversarial-12.jsonl"), "--ranker", "builtin", "--json", "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as RankJson;
  assert.equal(out.items.length, 12);
  let cases = 0;
  let last = 0;
  for (const item of out.items) {
    const real = item.ranking.filter((c) => !c.model.startsWith("adv-"));
    const adv = item.ranking.filter((c) => c.model.startsWith("adv-"));
    assert.equal(adv.length, 4, item.id);
    const worstReal = Math.min(...real.map((c) => c.score));
    for (const a of adv) {
      cases++;
      if (a.score < worstReal) last++;
    }
  }
  assert.ok(last / cases >= 0.95, `only ${last} of ${cases} adversarial answers ranked last`);
});

const AUTOJ_RAW = join(ROOT, "..", "shared", "data", "autoj", "data", "test", "testdata_pairwise.jsonl");

// On the whole held-out Auto-J set the comparison with length is meaningful: same 1,019 pairs.
test("builtin beats length on all 1,019 held-out Auto-J human pairs", { skip: !existsSync(AUTOJ_RAW) && "../shared/data is not present" }, () => {
  const t = tempTree({});
  try {
    assert.equal(runCli(["convert", "autoj", "--out", t.path("autoj.jsonl")]).status, 0);
    const run = (ranker: string) => {
      const r = runCli(["eval", t.path("autoj.jsonl"), "--ranker", ranker, "--json", "--quiet"]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as EvalJson;
    };
    const builtin = run("builtin");
    const length = run("length");
    assert.equal(builtin.pairs, 1019);
    assert.ok(builtin.pairwiseAccuracy > length.pairwiseAccuracy, `builtin ${builtin.pairwiseAccuracy} vs length ${length.pairwiseAccuracy}`);
  } finally {
    t.cleanup();
  }
});
