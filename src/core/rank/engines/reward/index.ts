// The `reward` ranker: a sequence-classification reward model (Skywork-Reward-V2 class) in
// ONNX. Resolves the folder (local or hub), loads tokenizer + chat template and the ONNX
// graph, checks that they belong together, and builds the ranker.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { EngineContext, EngineOptions } from "../../../engine-options";
import { InputError, ModelError } from "../../../errors";
import { resolveEngineModel } from "../../../models/engine-model";
import { onnxFileFor, type ModelManifest } from "../../../models/manifest";
import { openRankerModel } from "../../../models/ranker-model";
import type { InferenceSession } from "../../../models/onnx-session";
import { ConversationEncoder } from "./conversation";
import { RewardRanker } from "./ranker";
import { CHAT_TEMPLATE_FILE, loadRewardTokenizer } from "./tokenizer";

export { RewardRanker } from "./ranker";

export const REWARD_HINT =
  "export a reward model with `python3 models/reward/export.py --model HF_ID --out DIR` (see docs/ranking-models.md) and pass --model DIR, or fetch a published export with `answer-blender models pull ID`";
/** The input limit when neither the manifest nor config.json says less. */
export const DEFAULT_MAX_TOKENS = 4096;
const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"];
const DEFAULT_BATCH = 8;
/** Padded tokens per run: attention memory grows with the square of the length. */
const BATCH_TOKENS = 4096;

/** Tokenizer files (with a separate chat template when the manifest lists one), the ONNX file and, when the export keeps its weights beside it, their data file. */
export function rewardFiles(manifest: ModelManifest | null, dtype: "fp32" | "int8"): string[] {
  const onnx = onnxFileFor(manifest, dtype);
  const listed = (manifest?.files ?? []).map((f) => f.path);
  const data = listed.filter((p) => p === `${onnx}_data` || p === `${onnx}.data`);
  const template = listed.filter((p) => p === CHAT_TEMPLATE_FILE);
  return [...TOKENIZER_FILES, ...template, onnx, ...data];
}

function readConfig(dir: string): Record<string, unknown> {
  const p = join(dir, "config.json");
  if (!existsSync(p)) return {};
  try {
    const v: unknown = JSON.parse(readFileSync(p, "utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (e) {
    throw new ModelError(`${p}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

const positiveInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);

/** manifest maxTokens, else config.json's max_position_embeddings capped at 4,096, else 4,096. */
export function maxTokensFor(manifest: ModelManifest | null, config: Record<string, unknown>): number {
  if (manifest?.maxTokens) return manifest.maxTokens;
  return Math.min(positiveInt(config.max_position_embeddings) ?? DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKENS);
}

/** A reward model's graph gives one float per input: logits [batch, 1] (or [batch]). */
function checkLogitsShape(session: InferenceSession, path: string): void {
  const meta = session.outputMetadata.find((m) => m.name === "logits");
  if (!meta || !meta.isTensor) return;
  const shape = meta.shape;
  if (meta.type !== "float32") throw new ModelError(`ONNX model ${path}: output logits is ${meta.type}, expected float32`);
  if (shape.length > 2) throw new ModelError(`ONNX model ${path}: output logits has shape [${shape.join(", ")}], like a language model's; a reward model (sequence classification) gives logits [batch, 1]`);
  if (shape.length === 2 && typeof shape[1] === "number" && shape[1] !== 1) throw new ModelError(`ONNX model ${path}: output logits has ${shape[1]} values per input; a reward model gives one (logits [batch, 1])`);
}

export async function createRewardRanker(opts: EngineOptions, ctx: EngineContext = {}): Promise<RewardRanker> {
  if (!opts.model) throw new InputError("the reward ranker needs a model: --model DIR|HUB_ID in the CLI, the answerBlender.reward.model setting in VS Code (see docs/ranking-models.md)", undefined, undefined, "model");
  const dtype = opts.dtype ?? "fp32";
  // On a remote server only the tokenizer (and chat template) is needed here.
  const files = (m: ModelManifest | null) => (opts.remote ? rewardFiles(m, dtype).filter((f) => !f.startsWith(onnxFileFor(m, dtype))) : rewardFiles(m, dtype));
  const resolved = await resolveEngineModel(opts.model, opts, ctx, { engine: "reward", hint: REWARD_HINT, files });
  const manifest = resolved.manifest ?? null;
  const onnxFile = onnxFileFor(manifest, dtype);
  ctx.onProgress?.({ stage: "load", done: 0, total: 2, message: `loading ${opts.model}` });
  const config = readConfig(resolved.dir);
  const tok = await loadRewardTokenizer(resolved.dir);
  const vocabSize = positiveInt(config.vocab_size);
  if (vocabSize !== undefined && tok.maxId >= vocabSize) {
    throw new ModelError(`${resolved.dir}: the tokenizer has token ids up to ${tok.maxId} but the model's vocabulary (config.json vocab_size) has ${vocabSize}: tokenizer and model do not belong together`);
  }
  ctx.onProgress?.({ stage: "load", done: 1, total: 2, message: opts.remote ? `connecting to ${opts.remote.model} on the inference server` : `loading ${onnxFile}` });
  const model = await openRankerModel(
    { dir: resolved.dir, onnxFile, manifest, dtype, threads: opts.threads, inputs: ["input_ids", "attention_mask"], outputs: ["logits"], label: "reward", check: checkLogitsShape },
    opts.remote,
    ctx,
  );
  ctx.onProgress?.({ stage: "load", done: 2, total: 2, message: `loaded ${opts.model}` });
  const encoder = new ConversationEncoder(tok.tokenizer, tok.template, maxTokensFor(manifest, config));
  return new RewardRanker(model.modelId, model.runner, encoder, tok.padId, {
    batchSize: opts.batchSize ?? DEFAULT_BATCH,
    batchTokens: BATCH_TOKENS,
    label: manifest?.id ?? basename(resolved.dir),
  });
}
