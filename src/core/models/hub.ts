// Hub ids ("owner/name"): where they are cached, where they are downloaded from, and the
// download itself (manifest first, then each file with size + checksum, with progress).
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ProgressListener } from "../types";
import { ModelError, throwIfAborted } from "../errors";
import { downloadFile, fetchText } from "./download";
import { MANIFEST_NAME, parseManifest, readManifest, type ManifestFile, type ModelManifest } from "./manifest";

export const DEFAULT_HUB_URL = "https://huggingface.co";
export const HUB_URL_ENV = "ANSWER_BLENDER_HUB_URL";

export function defaultCacheDir(): string {
  return join(homedir(), ".cache", "answer-blender", "models");
}

/** The hub base URL: explicit option, else $ANSWER_BLENDER_HUB_URL, else huggingface.co. */
export function hubBaseUrl(explicit?: string): string {
  return (explicit || process.env[HUB_URL_ENV] || DEFAULT_HUB_URL).replace(/\/+$/, "");
}

export function isHubId(spec: string): boolean {
  return /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(spec) && !spec.split("/").some((s) => s === "." || s === "..");
}

export function hubFileUrl(base: string, id: string, path: string, revision = "main"): string {
  return `${base}/${id}/resolve/${encodeURIComponent(revision)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** A hub model's folder in the cache: <cacheDir>/<owner>/<name>. */
export function cacheFolder(cacheDir: string, id: string): string {
  return join(cacheDir, ...id.split("/"));
}

/** True when `file` is in `dir` with the size the manifest records (or at all, if no size is known). */
export function hasFile(dir: string, file: string, manifest: ModelManifest | null): boolean {
  const p = join(dir, file);
  if (!existsSync(p)) return false;
  const entry = manifest?.files.find((f) => f.path === file);
  return !entry || entry.size < 0 || statSync(p).size === entry.size;
}

export interface PullOptions {
  cacheDir: string;
  hubUrl?: string;
  revision?: string;
  /** Files to fetch; default: every file in the hub manifest. Needed for repos without a manifest. */
  files?: string[];
  /** With a manifest and no `files`: which of its files to fetch (default all). */
  filter?: (f: ManifestFile) => boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface PullResult {
  dir: string;
  manifest: ModelManifest;
  /** Files actually transferred (the rest were already in the cache). */
  downloaded: string[];
}

/**
 * Downloads a hub model into the cache. With a published manifest.json every file is
 * checked against its size and sha256; without one, only the listed files are fetched and
 * their size is checked against Content-Length.
 */
export async function pullModel(id: string, opts: PullOptions): Promise<PullResult> {
  if (!isHubId(id)) throw new ModelError(`"${id}" is not a hub id (expected owner/name)`);
  const base = hubBaseUrl(opts.hubUrl);
  const dir = cacheFolder(opts.cacheDir, id);
  const manifestUrl = hubFileUrl(base, id, MANIFEST_NAME, opts.revision);
  const text = await fetchText(manifestUrl, opts.signal);
  let manifest: ModelManifest;
  let wanted: ManifestFile[];
  if (text !== null) {
    manifest = parseManifest(text, manifestUrl);
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    const missing = (opts.files ?? []).filter((f) => !listed.has(f));
    if (missing.length) throw new ModelError(`${manifestUrl} does not list ${missing.join(", ")}`);
    wanted = opts.files ? opts.files.map((f) => listed.get(f) as ManifestFile) : manifest.files.filter(opts.filter ?? (() => true));
  } else {
    if (!opts.files?.length) {
      throw new ModelError(
        `hub model ${id} has no ${MANIFEST_NAME} at ${base}, so it is not known which files to fetch; ` +
          "export the model locally (see docs/pairrm.md) and pass --model DIR",
      );
    }
    const old = existsSync(join(dir, MANIFEST_NAME)) ? readManifest(dir) : null;
    wanted = opts.files.map((path) => old?.files.find((f) => f.path === path) ?? { path, size: -1, sha256: "" });
    manifest = { format: "answer-blender-model/1", engine: old?.engine ?? "unknown", id, files: old?.files ?? [] };
  }
  const todo = wanted.filter((f) => !hasFile(dir, f.path, { ...manifest, files: wanted }));
  const total = todo.reduce((s, f) => s + Math.max(f.size, 0), 0);
  let before = 0;
  mkdirSync(dir, { recursive: true });
  for (const f of todo) {
    throwIfAborted(opts.signal);
    let last = 0;
    await downloadFile(hubFileUrl(base, id, f.path, opts.revision), join(dir, f.path), {
      size: f.size >= 0 ? f.size : undefined,
      sha256: f.sha256,
      signal: opts.signal,
      onBytes: (got, size) => {
        last = got;
        opts.onProgress?.({ stage: "download", done: before + got, total: Math.max(total, before + (size ?? got)), message: `${id}/${f.path}` });
      },
    });
    before += f.size >= 0 ? f.size : last;
    if (text === null) {
      const size = statSync(join(dir, f.path)).size;
      manifest.files = [...manifest.files.filter((x) => x.path !== f.path), { path: f.path, size, sha256: "" }];
    }
  }
  writeFileSync(join(dir, MANIFEST_NAME), text ?? JSON.stringify(manifest, null, 2) + "\n");
  return { dir, manifest, downloaded: todo.map((f) => f.path) };
}
