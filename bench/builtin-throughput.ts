// Pairs per second of the builtin ranker on this machine (prints figures; never asserts).
// Run: npm run bench:builtin   [-- --pairs 4000 --threads 1]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createBuiltinRanker } from "../src/core/rank/engines/builtin";
import { packageRoot } from "../src/core/paths";
import type { BlendExample, PairInput } from "../src/core/types";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const nPairs = arg("pairs", 4000);
const threads = arg("threads", 1);
const sample = join(packageRoot(), "test/fixtures/heldout-sample/autoj-50.jsonl");
const examples = readFileSync(sample, "utf8").trim().split("\n").map((l) => JSON.parse(l) as BlendExample);
const texts = examples.flatMap((e) => e.candidates.map((c) => ({ source: e.instruction, text: c.text })));
const meanChars = texts.reduce((s, t) => s + t.text.length, 0) / texts.length;

async function main(): Promise<void> {
  const ranker = await createBuiltinRanker({ threads });
  // Cold: every pair has two answers never seen before (a suffix defeats every cache).
  const cold: PairInput[] = [];
  for (let k = 0; k < nPairs; k++) {
    const a = texts[k % texts.length];
    const b = texts[(k * 7 + 1) % texts.length];
    cold.push({ source: a.source, a: `${a.text} ${k}`, b: `${b.text} ${k}` });
  }
  await ranker.scorePairs(cold.slice(0, 64).map((p) => ({ ...p, source: p.source + " warmup" })));
  let t = performance.now();
  for (let s = 0; s < cold.length; s += 32) await ranker.scorePairs(cold.slice(s, s + 32));
  const coldSec = (performance.now() - t) / 1000;
  // Full plan on 11-candidate prompts: each answer is featurised once, N(N-1) pairs scored.
  const n = 11;
  const full: PairInput[] = [];
  for (let e = 0; e * n < texts.length * 4 && full.length < nPairs * 2; e++) {
    const source = `prompt ${e}: ${texts[(e * n) % texts.length].source}`;
    const cands = Array.from({ length: n }, (_, i) => `${texts[(e * n + i) % texts.length].text} #${e}`);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) full.push({ source, a: cands[i], b: cands[j] });
  }
  t = performance.now();
  for (let s = 0; s < full.length; s += 32) await ranker.scorePairs(full.slice(s, s + 32));
  const fullSec = (performance.now() - t) / 1000;
  await ranker.dispose();
  console.log(`builtin ranker, ${threads} onnxruntime thread(s), answers of ${meanChars.toFixed(0)} characters on average`);
  console.log(`cold pairs (2 new answers each):  ${(cold.length / coldSec).toFixed(0)} pairs/s  (${cold.length} pairs in ${coldSec.toFixed(2)} s)`);
  console.log(`full plan, ${n} candidates/prompt: ${(full.length / fullSec).toFixed(0)} pairs/s  (${full.length} pairs in ${fullSec.toFixed(2)} s)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
