// What the extractive fuser does to real answers: on AlpacaEval prompts, the share of prompts
// whose top answer it changes, the words it adds, which answers it credits, and a read of
// random fusions (each addition printed with the answer it came from).
//   node --import tsx bench/fusers/extractive-alpacaeval.ts [--read 20] [--seed 1] [--data DIR]
// (--data: the shared data folder, default $ANSWER_BLENDER_DATA or ../shared/data beside the package)
// Two sets: "ae1-five" (5 fixed models of AlpacaEval 1, taken in that order, as the older
// figures in docs/fusers.md were measured) and "ae2-5" (5 answers per prompt sampled from the
// AlpacaEval 2 annotations with seed 0, ranked by the builtin ranker as the extension would).
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extractiveFusion } from "../../src/core/fuse/engines/extractive";
import { convertAlpacaEval } from "../../src/core/convert/alpaca-eval";
import { createBuiltinRanker } from "../../src/core/rank/engines/builtin";
import { rankExample } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import { seededPermutation } from "../../src/core/hash";
import { defaultDataDir } from "../../src/core/paths";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: defaultDataDir() },
    read: { type: "string", default: "20" },
    seed: { type: "string", default: "1" },
  },
});

interface Prompt {
  instruction: string;
  /** Answers in rank order, best first. */
  answers: string[];
  models: string[];
}

function fixedFive(): Prompt[] {
  const models = ["gpt4", "claude", "tulu-2-dpo-70b", "gpt-3.5-turbo-0301", "zephyr-7b-beta"];
  const byModel = models.map((m) => {
    const file = join(values.data!, "alpaca_eval/results", m, "alpaca_eval_gpt4/annotations.json.gz");
    const rows = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { instruction: string; output_2: string }[];
    return new Map(rows.map((r) => [r.instruction, r.output_2]));
  });
  return [...byModel[0].keys()]
    .map((instruction) => ({ instruction, answers: byModel.map((m) => m.get(instruction) ?? ""), models }))
    .filter((p) => p.answers.every((a) => a.trim()));
}

async function rankedSample(): Promise<Prompt[]> {
  const examples = convertAlpacaEval(values.data!, { candidates: 5, seed: 0 });
  const ranker = await createBuiltinRanker();
  const cache = new PairCache();
  const out: Prompt[] = [];
  for (const ex of examples) {
    const rank = await rankExample(ex, ranker, { plan: "full", aggregate: "max-logits", seed: 0, topK: 3 }, cache);
    const order = rank.ranking.map((r) => ex.candidates[r.candidate]);
    out.push({ instruction: ex.instruction, answers: order.map((c) => c.text), models: order.map((c) => c.model) });
  }
  await ranker.dispose?.();
  return out;
}

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

function measure(name: string, prompts: Prompt[], k: number): void {
  let changed = 0;
  let addedWords = 0;
  let topWords = 0;
  let units = 0;
  const credited = new Map<number, number>();
  const t0 = performance.now();
  for (const p of prompts) {
    const f = extractiveFusion(p.answers.slice(0, k), p.instruction);
    topWords += words(p.answers[0]);
    if (f.added.length === 0) continue;
    changed++;
    units += f.added.length;
    addedWords += words(f.text) - words(p.answers[0]);
    for (const i of f.used) if (i > 0) credited.set(i, (credited.get(i) ?? 0) + 1);
  }
  const ms = (performance.now() - t0) / prompts.length;
  const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`;
  const credits = [...credited.entries()].sort((a, b) => a[0] - b[0]).map(([i, n]) => `#${i + 1} ${n}`).join(", ");
  console.log(
    `${name} K=${k}: ${prompts.length} prompts, changed ${changed} (${pct(changed, prompts.length)}), ` +
      `${units} units added (${changed ? (units / changed).toFixed(2) : "0"} per changed prompt), ` +
      `+${addedWords} words (${pct(addedWords, topWords)} of the top answers' words; ${changed ? (addedWords / changed).toFixed(1) : "0"} per changed prompt), ` +
      `credited: ${credits || "none"}, ${ms.toFixed(2)} ms/prompt`,
  );
}

function read(prompts: Prompt[], n: number, seed: number): void {
  const changed = prompts
    .map((p) => ({ p, f: extractiveFusion(p.answers.slice(0, 3), p.instruction) }))
    .filter((x) => x.f.added.length > 0);
  const order = seededPermutation(changed.length, seed).slice(0, n);
  console.log(`\n${order.length} random changed fusions (K=3, seed ${seed}) of ${changed.length}:`);
  order.forEach((i, shown) => {
    const { p, f } = changed[i];
    console.log(`\n[${shown + 1}] ${p.instruction.replace(/\s+/g, " ").slice(0, 110)}`);
    console.log(`    top: ${p.models[0]} (${words(p.answers[0])} words): ${p.answers[0].replace(/\s+/g, " ").slice(0, 160)}…`);
    for (const a of f.added) console.log(`    + from #${a.from + 1} ${p.models[a.from]}: ${a.text.replace(/\s+/g, " ")}`);
  });
}

void (async () => {
  const five = fixedFive();
  for (const k of [3, 5]) measure("ae1-five", five, k);
  const ranked = await rankedSample();
  for (const k of [3, 5]) measure("ae2-5", ranked, k);
  read(ranked, Number(values.read), Number(values.seed));
})();
