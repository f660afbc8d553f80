// The `pairrm` ranker: resolves the model folder (local or hub), checks it against its
// manifest, loads tokenizer + ONNX session, and builds the ranker.
import type { EngineContext, EngineOptions } from "../../../engine-options";
import { InputError, ModelError } from "../../../errors";
import { onnxFileFor, type ModelManifest } from "../../../models/manifest";
import { resolveEngineModel } from "../../../models/engine-model";
import { openRankerModel } from "../../../models/ranker-model";
import { MARKER_TOKENS, PAIRRM_LENGTHS, type PairRmLayout } from "./layout";
import { PairRmRanker } from "./ranker";
import { loadTokenizer, type TokenEncoder } from "./tokenizer";
import { pairRmLengths, type PairRmLengths } from "./limits";

export { PairRmRanker } from "./ranker";

export const PAIRRM_HINT =
  "export PairRM with `/usr/bin/python3 models/pairrm/export.py --out DIR` and pass --model DIR, or fetch a published export with `answer-blender models pull ID`";
const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"];
const DEFAULT_BATCH = 8;

function tokenIdOrFail(tok: TokenEncoder, token: string, dir: string): number {
  const id = tok.tokenId(token);
  if (id === undefined) throw new ModelError(`the tokenizer in ${dir} has no ${token} token: it is not a PairRM tokenizer`);
  return id;
}

/** Token ids from the tokenizer, cross-checked with the manifest's marker ids; lengths from the manifest or config.json (pairRmLengths). */
export function layoutFor(tok: TokenEncoder, manifest: ModelManifest | null, dir: string, lengths: PairRmLengths = manifest?.lengths ?? PAIRRM_LENGTHS): PairRmLayout {
  const markerIds = {
    source: tokenIdOrFail(tok, MARKER_TOKENS.source, dir),
    candidate1: tokenIdOrFail(tok, MARKER_TOKENS.candidate1, dir),
    candidate2: tokenIdOrFail(tok, MARKER_TOKENS.candidate2, dir),
  };
  for (const [name, id] of Object.entries(markerIds)) {
    const m = manifest?.markers?.[name];
    if (m && m.id !== id) throw new ModelError(`${dir}: manifest says ${m.token} is token ${m.id} but the tokenizer has it as ${id}`);
  }
  return {
    clsId: tokenIdOrFail(tok, "[CLS]", dir),
    sepId: tokenIdOrFail(tok, "[SEP]", dir),
    padId: tok.tokenId("[PAD]") ?? 0,
    markerIds,
    sourceMax: lengths.source,
    candidateMax: lengths.candidate,
  };
}

export async function createPairRmRanker(opts: EngineOptions, ctx: EngineContext = {}): Promise<PairRmRanker> {
  if (!opts.model) throw new InputError("the pairrm ranker needs a model: --model DIR|HUB_ID in the CLI, the answerBlender.pairrm.model setting in VS Code (see docs/pairrm.md)", undefined, undefined, "model");
  const dtype = opts.dtype ?? "fp32";
  // On a remote server only the tokenizer is needed here.
  const resolved = await resolveEngineModel(opts.model, opts, ctx, { engine: "pairrm", hint: PAIRRM_HINT, files: (m) => (opts.remote ? TOKENIZER_FILES : [...TOKENIZER_FILES, onnxFileFor(m, dtype)]) });
  const manifest = resolved.manifest ?? null;
  const onnxFile = onnxFileFor(manifest, dtype);
  ctx.onProgress?.({ stage: "load", done: 0, total: 2, message: `loading ${opts.model}` });
  const decided = pairRmLengths(resolved.dir, manifest);
  const tokenizer = await loadTokenizer(resolved.dir);
  const layout = layoutFor(tokenizer, manifest, resolved.dir, decided.lengths);
  ctx.onProgress?.({ stage: "load", done: 1, total: 2, message: opts.remote ? `connecting to ${opts.remote.model} on the inference server` : `loading ${onnxFile}` });
  const model = await openRankerModel(
    { dir: resolved.dir, onnxFile, manifest, dtype, threads: opts.threads, inputs: ["input_ids", "attention_mask"], outputs: ["logits"], label: "pairrm" },
    opts.remote,
    ctx,
  );
  ctx.onProgress?.({ stage: "load", done: 2, total: 2, message: `loaded ${opts.model}` });
  const ranker = new PairRmRanker(model.modelId, model.runner, tokenizer, layout, opts.batchSize ?? DEFAULT_BATCH);
  if (decided.note) ranker.issues.push({ where: `pairrm ${resolved.dir}`, message: decided.note });
  return ranker;
}
