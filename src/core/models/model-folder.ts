// What a local model folder is for: its manifest says so, else its config.json does
// (a *ForSequenceClassification is a reward model, a DeBERTa with PairRM's marker ids is
// PairRM, a T5 is a GenFuser). Used by VS Code's "Use a Local Model Folder…".
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors";
import type { ModelEngine } from "./catalog";
import { readManifest } from "./manifest";

export interface ModelFolder {
  engine: ModelEngine;
  /** The manifest's name or id, else the folder's architecture. */
  label: string;
}

const ENGINES: readonly ModelEngine[] = ["pairrm", "reward", "genfuser"];

/** The ONNX file each engine cannot do without (the fp32 or the int8 graph). */
const NEEDED: Record<ModelEngine, string[][]> = {
  reward: [["onnx/model.onnx"], ["onnx/model_quantized.onnx"]],
  pairrm: [["onnx/model.onnx"], ["onnx/model_quantized.onnx"]],
  genfuser: [["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"], ["onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"]],
};

function engineFromConfig(dir: string): { engine: ModelEngine; label: string } | null {
  const p = join(dir, "config.json");
  if (!existsSync(p)) return null;
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
  } catch {
    throw new ModelError(`${p}: not valid JSON`);
  }
  const archs = Array.isArray(cfg.architectures) ? cfg.architectures.filter((a): a is string => typeof a === "string") : [];
  const seqCls = archs.find((a) => a.endsWith("ForSequenceClassification"));
  if (seqCls) return { engine: "reward", label: seqCls };
  if (cfg.model_type === "deberta-v2" && typeof cfg.source_prefix_id === "number") return { engine: "pairrm", label: "PairRM" };
  if (cfg.model_type === "t5") return { engine: "genfuser", label: "T5" };
  return null;
}

export function inspectModelFolder(dir: string): ModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelError(`${dir} is not a folder`);
  const manifest = readManifest(dir);
  let found: ModelFolder | null = null;
  if (manifest) {
    if (!(ENGINES as readonly string[]).includes(manifest.engine)) throw new ModelError(`${dir}: its manifest is for the "${manifest.engine}" engine, which is not a downloadable model engine (${ENGINES.join(", ")})`);
    found = { engine: manifest.engine as ModelEngine, label: manifest.name ?? manifest.id };
  } else {
    found = engineFromConfig(dir);
  }
  if (!found) throw new ModelError(`${dir} holds no manifest.json and no config.json that names a reward model, PairRM or a T5 fuser`);
  const graphs = NEEDED[found.engine];
  if (!graphs.some((set) => set.every((f) => existsSync(join(dir, f))))) {
    throw new ModelError(`${dir} has no ONNX graph (${graphs.map((s) => s.join(" + ")).join(" or ")}): export the model first (see docs/ranking-models.md)`);
  }
  return found;
}
