// Loads and checks models/builtin/features.json against the feature code in this build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../../../errors";
import { DENSE_NAMES, FEATURE_VERSION, type FeatureSpec } from "./features";

export const BUILTIN_FILES = ["model.onnx", "features.json"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** Reads the feature spec; refuses one made for other feature code (scores would be meaningless). */
export function loadFeatureSpec(dir: string): FeatureSpec {
  const path = join(dir, "features.json");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ModelError(`${path}: cannot read the feature spec (${e instanceof Error ? e.message : String(e)})`);
  }
  const bad = (field: string, why: string) => new ModelError(`${path}: field "${field}" ${why}`);
  if (!isObject(raw)) throw new ModelError(`${path}: expected a JSON object`);
  if (raw.version !== FEATURE_VERSION) throw bad("version", `is ${String(raw.version)} but this build computes features version ${FEATURE_VERSION}: retrain (npm run train:builtin) or update Answer Blender`);
  if (!isStringList(raw.dense) || raw.dense.join(",") !== DENSE_NAMES.join(",")) throw bad("dense", "does not list the dense features this build computes");
  const h = raw.hash;
  const keys = ["answer", "start", "prompt", "maxTokens", "startTokens"] as const;
  if (!isObject(h) || !keys.every((k) => typeof h[k] === "number" && Number.isInteger(h[k]) && (h[k] as number) > 0)) throw bad("hash", `must give positive integers ${keys.join(", ")}`);
  if (!isStringList(raw.stopwords)) throw bad("stopwords", "must be a list of strings");
  if (!isStringList(raw.vocab)) throw bad("vocab", "must be a list of strings");
  const ph = raw.phrases;
  const lists = ["refusal", "apology", "aiSelf", "injection", "promptCode", "promptBrief"] as const;
  if (!isObject(ph) || !lists.every((k) => isStringList(ph[k]))) throw bad("phrases", `must hold string lists ${lists.join(", ")}`);
  const spec = raw as unknown as FeatureSpec;
  const dim = DENSE_NAMES.length + spec.hash.answer + spec.hash.start + spec.hash.prompt;
  if (raw.dim !== dim) throw bad("dim", `is ${String(raw.dim)} but the spec implies ${dim}`);
  return spec;
}
