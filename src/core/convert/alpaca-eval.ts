// AlpacaEval annotations → blend-set records grouped per instruction, the judge's preference as `scores`.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BlendExample } from "../types";
import { InputError } from "../errors";
import { contentHash, seededPermutation } from "../hash";
import { isRecord, readDataText } from "./read-data";

export interface AlpacaOptions {
  /** Annotator folder (default: the AlpacaEval 2 weighted GPT-4-turbo judge). */
  annotator?: string;
  /** Keep only prompts of this `dataset` subset (e.g. "selfinstruct"). */
  subset?: string;
  /** Leave out prompts of this subset (e.g. "selfinstruct" for training data). */
  excludeSubset?: string;
  /** Sample this many candidates per prompt (seeded); all when unset. */
  candidates?: number;
  seed?: number;
  /** Keep the adversarial NullModel and gpt4_gamed (left out by default). */
  keepAdversarial?: boolean;
  /** Keep only the first N prompts (in instruction order). */
  limit?: number;
}

export const ALPACA_RESULTS = "alpaca_eval/results";
export const ADVERSARIAL_MODELS = ["NullModel", "gpt4_gamed"];
/** AE1's falcon-7b-instruct file is a byte copy of falcon-40b-instruct's upstream: dropped. */
const DUPLICATED = new Set(["falcon-7b-instruct/alpaca_eval_gpt4"]);

export function convertAlpacaEval(dataDir: string, o: AlpacaOptions = {}): BlendExample[] {
  const annotator = o.annotator ?? "weighted_alpaca_eval_gpt4_turbo";
  const root = join(dataDir, ALPACA_RESULTS);
  if (!existsSync(root)) throw new InputError("AlpacaEval data not found (set --data DIR)", root);
  const byPrompt = new Map<string, { dataset: string; cands: Map<string, { text: string; score: number }> }>();
  for (const model of readdirSync(root).sort()) {
    if (!o.keepAdversarial && ADVERSARIAL_MODELS.includes(model)) continue;
    if (DUPLICATED.has(`${model}/${annotator}`)) continue;
    const file = join(root, model, annotator, "annotations.json.gz");
    if (!existsSync(file)) continue;
    const rows: unknown = JSON.parse(readDataText(file));
    if (!Array.isArray(rows)) throw new InputError("annotations must be a JSON array", file);
    rows.forEach((r) => {
      if (!isRecord(r) || typeof r.instruction !== "string" || typeof r.output_2 !== "string") return;
      if (r.preference === null || r.preference === undefined) return;
      const dataset = String(r.dataset ?? "");
      if (o.subset && dataset !== o.subset) return;
      if (o.excludeSubset && dataset === o.excludeSubset) return;
      const entry = byPrompt.get(r.instruction) ?? { dataset, cands: new Map() };
      entry.cands.set(model, { text: r.output_2, score: Number(r.preference) });
      byPrompt.set(r.instruction, entry);
    });
  }
  const prompts = [...byPrompt.keys()].sort();
  const out: BlendExample[] = [];
  for (const instruction of o.limit ? prompts.slice(0, o.limit) : prompts) {
    const entry = byPrompt.get(instruction);
    if (!entry) continue;
    let models = [...entry.cands.keys()].sort();
    const id = "ae-" + contentHash(instruction).slice(0, 12);
    if (o.candidates && models.length > o.candidates) {
      const seed = (o.seed ?? 0) ^ parseInt(contentHash(instruction).slice(0, 8), 16);
      models = seededPermutation(models.length, seed)
        .slice(0, o.candidates)
        .sort((a, b) => a - b)
        .map((i) => models[i]);
    }
    if (models.length < 2) continue;
    out.push({
      id,
      instruction,
      input: "",
      candidates: models.map((m) => ({ model: m, text: entry.cands.get(m)?.text ?? "" })),
      scores: Object.fromEntries(models.map((m) => [m, entry.cands.get(m)?.score ?? 0])),
    });
  }
  return out;
}
