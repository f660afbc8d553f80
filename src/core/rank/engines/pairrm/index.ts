// The `pairrm` ranker: resolves the model folder (local or hub), checks it against its
// manifest, loads tokenizer + ONNX session, and builds the ranker.
import { basename, join } from "node:path";
import { statSync } from "node:fs";
import type { EngineContext, EngineOptions } from "../../../engine-options";
import { InputError, ModelError } from "../../../errors";
import { onnxFileFor, type ModelManifest } from "../../../models/manifest";
import { checkSessionIo, createOnnxSession, loadOnnxRuntime } from "../../../models/onnx-session";
import { resolveModel } from "../../../models/resolve";
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
  // The ONNX file name may come from the manifest, which (for a hub id) is not local yet:
  // fetch the manifest first, then the tokenizer and the ONNX file it names.
  const first = await resolveModel(opts.model, { ...ctx, requiredFiles: [], cacheDir: opts.cacheDir, allowDownload: opts.allowDownload, hint: PAIRRM_HINT });
  if (first.manifest && first.manifest.engine !== "pairrm") throw new ModelError(`${first.dir} is a model for the "${first.manifest.engine}" engine, not pairrm`);
  const onnxFile = onnxFileFor(first.manifest ?? null, dtype);
  const resolved = await resolveModel(opts.model, { ...ctx, requiredFiles: [...TOKENIZER_FILES, onnxFile], cacheDir: opts.cacheDir, allowDownload: opts.allowDownload, hint: PAIRRM_HINT });
  const manifest = resolved.manifest ?? null;
  ctx.onProgress?.({ stage: "load", done: 0, total: 2, message: `loading ${opts.model}` });
  const decided = pairRmLengths(resolved.dir, manifest);
  const tokenizer = await loadTokenizer(resolved.dir);
  const layout = layoutFor(tokenizer, manifest, resolved.dir, decided.lengths);
  ctx.onProgress?.({ stage: "load", done: 1, total: 2, message: `loading ${onnxFile}` });
  const onnxPath = join(resolved.dir, onnxFile);
  const session = await createOnnxSession(onnxPath, { threads: opts.threads });
  try {
    checkSessionIo(session, onnxPath, ["input_ids", "attention_mask"], ["logits"]);
  } catch (e) {
    await session.release();
    throw e;
  }
  ctx.onProgress?.({ stage: "load", done: 2, total: 2, message: `loaded ${opts.model}` });
  const entry = manifest?.files.find((f) => f.path === onnxFile);
  const fingerprint = entry?.sha256 ? entry.sha256.slice(0, 16) : `${statSync(onnxPath).size}`;
  const modelId = `${manifest?.id ?? basename(resolved.dir)}:${dtype}:${fingerprint}`;
  const ranker = new PairRmRanker(modelId, await loadOnnxRuntime(), session, tokenizer, layout, opts.batchSize ?? DEFAULT_BATCH);
  if (decided.note) ranker.issues.push({ where: `pairrm ${resolved.dir}`, message: decided.note });
  return ranker;
}
