// Fuser speed and effect: the extractive merge over AlpacaEval answers (ms per prompt, share of
// answers changed, text added) and genfuser decoding (decoder steps/s) on a model folder.
//   node --import tsx bench/fusers/fuser-speed.ts [--model test/fixtures/tiny-genfuser] [--beams 4] [--threads 1]
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extractiveMerge } from "../../src/core/fuse/engines/extractive";
import { createGenFuser } from "../../src/core/fuse/engines/genfuser/genfuser";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "test/fixtures/tiny-genfuser" },
    beams: { type: "string", default: "4" },
    threads: { type: "string", default: "1" },
    data: { type: "string", default: join(__dirname, "../../../shared/data") },
  },
});

const MODELS = ["gpt4", "claude", "tulu-2-dpo-70b", "gpt-3.5-turbo-0301", "zephyr-7b-beta"];
const byModel = MODELS.map((m) => {
  const file = join(values.data!, "alpaca_eval/results", m, "alpaca_eval_gpt4/annotations.json.gz");
  const rows = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { instruction: string; output_2: string }[];
  return new Map(rows.map((r) => [r.instruction, r.output_2]));
});
const prompts = [...byModel[0].keys()].map((p) => ({ instruction: p, answers: byModel.map((m) => m.get(p) ?? "") })).filter((p) => p.answers.every((a) => a.trim()));

for (const k of [3, 5]) {
  let changed = 0;
  let added = 0;
  let top = 0;
  const t0 = performance.now();
  for (const p of prompts) {
    const fused = extractiveMerge(p.answers.slice(0, k));
    if (fused !== p.answers[0]) changed++;
    added += fused.length - p.answers[0].length;
    top += p.answers[0].length;
  }
  const ms = (performance.now() - t0) / prompts.length;
  console.log(`extractive K=${k}: ${prompts.length} prompts, ${ms.toFixed(2)} ms/prompt, changed ${((100 * changed) / prompts.length).toFixed(1)}%, text +${((100 * added) / top).toFixed(1)}%`);
}

void (async () => {
  const beams = Number(values.beams);
  const fuser = await createGenFuser({ model: values.model, numBeams: beams, maxNewTokens: 128, threads: Number(values.threads) });
  let tokens = 0;
  const t0 = performance.now();
  const n = 5;
  for (const p of prompts.slice(0, n)) {
    const input = fuser.input({ instruction: p.instruction, input: "", ranked: p.answers.slice(0, 3).map((text, i) => ({ model: MODELS[i], text })) });
    tokens += (await fuser.generateIds(input.ids)).length;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`genfuser ${values.model} beams=${beams}: ${n} fusions, ${(s / n).toFixed(2)} s/fusion, ${(tokens / s).toFixed(1)} output tokens/s`);
  await fuser.dispose();
})();
