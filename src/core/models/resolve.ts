import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve as resolvePath } from "node:path";
import type { EngineContext } from "../engine-options";
import { ModelError } from "../errors";
import { cacheFolder, defaultCacheDir, hasFile, hubBaseUrl, isHubId, pullModel } from "./hub";
import { readManifest, type ModelManifest } from "./manifest";

export interface ResolveModelOptions extends EngineContext {
  /** Files (relative to the model folder) the engine needs. */
  requiredFiles: string[];
  cacheDir?: string;
  /** false: never download (a hub id must already be in the cache). Default true. */
  allowDownload?: boolean;
  /** Hub base URL; default $ANSWER_BLENDER_HUB_URL or https://huggingface.co. */
  hubUrl?: string;
  revision?: string;
  /** How the user gets a complete model folder, appended to "missing file" errors. */
  hint?: string;
}

export interface ResolvedModel {
  /** Absolute path of the local model folder. */
  dir: string;
  /** "local" for a folder given by path, "cache" or "download" for a hub id. */
  origin: "local" | "cache" | "download";
  /** The folder's manifest.json, when it has one. */
  manifest?: ModelManifest | null;
}

/** A spec is a local folder when it exists on disk or looks like a path; otherwise a hub id ("owner/name"). */
export function isLocalSpec(spec: string): boolean {
  return isAbsolute(spec) || spec.startsWith(".") || existsSync(spec);
}

/** Required files that are absent, or whose size differs from the manifest (corrupt or incomplete). */
function problems(dir: string, files: string[], manifest: ModelManifest | null): string[] {
  return files.flatMap((f) => {
    const p = join(dir, f);
    if (!existsSync(p)) return [`${f} is missing`];
    const entry = manifest?.files.find((e) => e.path === f);
    const size = statSync(p).size;
    if (entry && entry.size >= 0 && size !== entry.size) return [`${f} is ${size} bytes but the manifest says ${entry.size} (corrupt or incomplete)`];
    return [];
  });
}

/**
 * Turns `--model DIR|HUB_ID` into a local folder holding every required file. A hub id is
 * downloaded once into the cache (progress as `stage: "download"` events) and reused after.
 */
export async function resolveModel(spec: string, opts: ResolveModelOptions): Promise<ResolvedModel> {
  if (isLocalSpec(spec) || !isHubId(spec)) {
    const dir = resolvePath(spec);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ModelError(`model folder ${dir} does not exist${opts.hint ? ` (${opts.hint})` : ""}`);
    }
    const manifest = readManifest(dir);
    const bad = problems(dir, opts.requiredFiles, manifest);
    if (bad.length) throw new ModelError(`model folder ${dir}: ${bad.join("; ")}${opts.hint ? ` (${opts.hint})` : ""}`);
    return { dir, origin: "local", manifest };
  }
  const cacheDir = opts.cacheDir || defaultCacheDir();
  const dir = cacheFolder(cacheDir, spec);
  const cached = existsSync(join(dir, "manifest.json")) ? readManifest(dir) : null;
  if (cached && opts.requiredFiles.every((f) => hasFile(dir, f, cached))) return { dir, origin: "cache", manifest: cached };
  if (opts.allowDownload === false) {
    throw new ModelError(
      `model ${spec} is not in the cache (${dir}) and downloads are turned off: run \`answer-blender models pull ${spec}\`` +
        (cacheDir !== defaultCacheDir() ? ` --cache-dir ${cacheDir}` : "") +
        (opts.hint ? `, or ${opts.hint}` : ""),
    );
  }
  try {
    const pulled = await pullModel(spec, {
      cacheDir,
      hubUrl: opts.hubUrl,
      revision: opts.revision,
      files: opts.requiredFiles,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    return { dir: pulled.dir, origin: "download", manifest: pulled.manifest };
  } catch (e) {
    if (e instanceof ModelError) {
      e.message = `cannot get model ${spec} from ${hubBaseUrl(opts.hubUrl)}: ${e.message}` + (opts.hint ? ` (offline? ${opts.hint})` : "");
    }
    throw e;
  }
}
