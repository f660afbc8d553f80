// Resolves an engine's `--model DIR|HUB_ID` in two steps: the folder and its manifest first
// (for a hub id the manifest says which files exist, e.g. the ONNX file of each dtype), then
// every file the engine needs, downloaded if missing.
import type { EngineContext, EngineOptions } from "../engine-options";
import { ModelError } from "../errors";
import type { ModelManifest } from "./manifest";
import { resolveModel, type ResolvedModel } from "./resolve";

export interface EngineModelRequest {
  engine: string;
  /** How the user gets a complete model folder, appended to "missing file" errors. */
  hint: string;
  /** The files the engine needs, given the folder's manifest (null when it has none). */
  files: (manifest: ModelManifest | null) => string[];
}

export async function resolveEngineModel(spec: string, opts: EngineOptions, ctx: EngineContext, req: EngineModelRequest): Promise<ResolvedModel> {
  const common = { ...ctx, cacheDir: opts.cacheDir, allowDownload: opts.allowDownload, hint: req.hint };
  const first = await resolveModel(spec, { ...common, requiredFiles: [] });
  if (first.manifest && first.manifest.engine !== req.engine) throw new ModelError(`${first.dir} is a model for the "${first.manifest.engine}" engine, not ${req.engine}`);
  return resolveModel(spec, { ...common, requiredFiles: req.files(first.manifest ?? null) });
}
