// manifest.json of a model folder: which engine it is for, its lengths and marker tokens,
// and every file with its size and sha256 (so downloads and local folders can be checked).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors";

export const MANIFEST_NAME = "manifest.json";

export interface ManifestFile {
  /** Relative to the model folder, "/"-separated. */
  path: string;
  size: number;
  /** Lower-case hex; empty when unknown (files fetched without a published manifest). */
  sha256: string;
  /** Model file variant, for ONNX files. */
  dtype?: "fp32" | "int8";
}

export interface MarkerToken {
  token: string;
  id: number;
}

export interface ModelManifest {
  format: string;
  engine: string;
  id: string;
  /** Display name (the catalog and the VS Code pick show it). */
  name?: string;
  description?: string;
  /** Where the weights come from (a hub id or URL) and under which license. */
  source?: string;
  license?: string;
  /** Longest input the engine feeds the model, in tokens (reward models). */
  maxTokens?: number;
  /** Maximum token lengths (PairRM: source 1224, candidate 412). */
  lengths?: { source: number; candidate: number };
  markers?: Record<string, MarkerToken>;
  inputs?: string[];
  outputs?: string[];
  files: ManifestFile[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A manifest path must stay inside the model folder. */
export function isSafeRelativePath(p: string): boolean {
  return p.length > 0 && !p.startsWith("/") && !p.includes("\\") && !/^[A-Za-z]:/.test(p) && p.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/** Parses and checks a manifest; errors name the file and the field. */
export function parseManifest(text: string, where: string): ModelManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelError(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const bad = (field: string, why: string) => new ModelError(`${where}: field "${field}" ${why}`);
  if (!isObject(raw)) throw new ModelError(`${where}: expected a JSON object`);
  for (const f of ["format", "engine", "id"] as const) if (typeof raw[f] !== "string" || !raw[f]) throw bad(f, "must be a non-empty string");
  if (!Array.isArray(raw.files)) throw bad("files", "must be an array");
  const files: ManifestFile[] = raw.files.map((f: unknown, i: number) => {
    const at = `files[${i}]`;
    if (!isObject(f)) throw bad(at, "must be an object");
    if (typeof f.path !== "string" || !isSafeRelativePath(f.path)) throw bad(`${at}.path`, "must be a relative path inside the model folder");
    if (typeof f.size !== "number" || !Number.isInteger(f.size) || f.size < 0) throw bad(`${at}.size`, "must be a byte count");
    if (typeof f.sha256 !== "string" || !/^([0-9a-f]{64})?$/.test(f.sha256)) throw bad(`${at}.sha256`, "must be 64 lower-case hex digits");
    if (f.dtype !== undefined && f.dtype !== "fp32" && f.dtype !== "int8") throw bad(`${at}.dtype`, 'must be "fp32" or "int8"');
    return { path: f.path, size: f.size, sha256: f.sha256, ...(f.dtype ? { dtype: f.dtype } : {}) };
  });
  const m: ModelManifest = { format: raw.format as string, engine: raw.engine as string, id: raw.id as string, files };
  for (const f of ["name", "description", "source", "license"] as const) {
    const v = raw[f];
    if (v === undefined) continue;
    if (typeof v !== "string") throw bad(f, "must be a string");
    m[f] = v;
  }
  if (raw.maxTokens !== undefined) {
    const v = raw.maxTokens;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 8) throw bad("maxTokens", "must be a token count ≥ 8");
    m.maxTokens = v;
  }
  if (raw.lengths !== undefined) {
    const l = raw.lengths;
    const ok = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 4;
    if (!isObject(l) || !ok(l.source) || !ok(l.candidate)) throw bad("lengths", "must be {source, candidate} token counts ≥ 4");
    m.lengths = { source: l.source as number, candidate: l.candidate as number };
  }
  if (raw.markers !== undefined) {
    if (!isObject(raw.markers)) throw bad("markers", "must be an object");
    m.markers = {};
    for (const [name, v] of Object.entries(raw.markers)) {
      if (!isObject(v) || typeof v.token !== "string" || typeof v.id !== "number" || !Number.isInteger(v.id)) throw bad(`markers.${name}`, "must be {token, id}");
      m.markers[name] = { token: v.token, id: v.id };
    }
  }
  for (const f of ["inputs", "outputs"] as const) {
    const v = raw[f];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) throw bad(f, "must be a list of names");
    m[f] = v as string[];
  }
  return m;
}

/** Reads `manifest.json` from a model folder; null when the folder has none. */
export function readManifest(dir: string): ModelManifest | null {
  const p = join(dir, MANIFEST_NAME);
  if (!existsSync(p)) return null;
  return parseManifest(readFileSync(p, "utf8"), p);
}

/** The ONNX file for a dtype: the manifest's entry for it, else the transformers.js naming convention. */
export function onnxFileFor(manifest: ModelManifest | null, dtype: "fp32" | "int8"): string {
  const hit = manifest?.files.find((f) => f.dtype === dtype && f.path.endsWith(".onnx"));
  if (hit) return hit.path;
  return dtype === "int8" ? "onnx/model_quantized.onnx" : "onnx/model.onnx";
}
