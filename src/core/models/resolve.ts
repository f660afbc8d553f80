import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve as resolvePath } from "node:path";
import type { EngineContext } from "../engine-options";
import { ModelError } from "../errors";

export interface ResolveModelOptions extends EngineContext {
  /** Files (relative to the model folder) the engine needs. */
  requiredFiles: string[];
  cacheDir?: string;
  allowDownload?: boolean;
}

export interface ResolvedModel {
  /** Absolute path of the local model folder. */
  dir: string;
  /** "local" for a folder given by path, "cache" or "download" for a hub id. */
  origin: "local" | "cache" | "download";
}

/** A spec is a local folder when it exists on disk or looks like a path; otherwise a hub id ("owner/name"). */
export function isLocalSpec(spec: string): boolean {
  return isAbsolute(spec) || spec.startsWith(".") || existsSync(spec);
}

/**
 * Turns `--model DIR|HUB_ID` into a local folder holding every required file.
 * (Hub download is implemented in the models module; this base handles local folders.)
 */
export async function resolveModel(spec: string, opts: ResolveModelOptions): Promise<ResolvedModel> {
  if (!isLocalSpec(spec)) {
    throw new ModelError(`model "${spec}" is not a local folder and hub download is not available`);
  }
  const dir = resolvePath(spec);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelError(`model folder ${dir} does not exist`);
  const missing = opts.requiredFiles.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new ModelError(`model folder ${dir} is missing ${missing.join(", ")}`);
  return { dir, origin: "local" };
}
