// The `builtin` ranker: the small offline model shipped in models/builtin (trained by
// models/builtin/train/train.py), run with onnxruntime-node. The default ranker.
import { join } from "node:path";
import type { EngineContext, EngineOptions } from "../../../engine-options";
import { ModelError } from "../../../errors";
import { checkSessionIo, createOnnxSession, loadOnnxRuntime } from "../../../models/onnx-session";
import { resolveModel } from "../../../models/resolve";
import { packageRoot } from "../../../paths";
import { Featurizer } from "./features";
import { BuiltinRanker } from "./ranker";
import { BUILTIN_FILES, loadFeatureSpec } from "./spec";

export { BuiltinRanker } from "./ranker";

export const BUILTIN_HINT = "the builtin model ships in models/builtin; rebuild it with `npm run train:builtin`";

/** models/builtin under the package root (works from the sources and from the dist/ bundle). */
export function defaultBuiltinModelDir(): string {
  return join(packageRoot(), "models", "builtin");
}

export async function createBuiltinRanker(opts: EngineOptions = {}, ctx: EngineContext = {}): Promise<BuiltinRanker> {
  const spec = opts.model ?? defaultBuiltinModelDir();
  const resolved = await resolveModel(spec, { ...ctx, requiredFiles: BUILTIN_FILES, cacheDir: opts.cacheDir, allowDownload: opts.allowDownload, hint: BUILTIN_HINT });
  if (resolved.manifest && resolved.manifest.engine !== "builtin") throw new ModelError(`${resolved.dir} is a model for the "${resolved.manifest.engine}" engine, not builtin`);
  const featurizer = new Featurizer(loadFeatureSpec(resolved.dir));
  const onnxPath = join(resolved.dir, "model.onnx");
  const ort = await loadOnnxRuntime();
  // One thread by default: the model is tiny and the machine is shared.
  const session = await createOnnxSession(onnxPath, { threads: opts.threads || 1 });
  checkSessionIo(session, onnxPath, ["features"], ["score"]);
  const modelId = resolved.manifest?.id ?? `builtin:${resolved.dir}`;
  return new BuiltinRanker(modelId, ort, session, featurizer, opts.batchSize && opts.batchSize > 0 ? opts.batchSize : 64);
}
