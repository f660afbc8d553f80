// Writes a Triton model repository for a ranker's ONNX graph: REPO/NAME/config.pbtxt and
// REPO/NAME/1/model.onnx, plus the external data file(s) the graph names, under the names
// the graph refers to them by.
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { ModelError } from "../errors";
import { readOnnxGraphIo } from "../models/onnx-graph-io";
import { renderTritonConfig, tritonConfigFor, type TritonModelConfig } from "./triton-config";

export interface TritonExportOptions {
  /** The ONNX file to export. */
  onnxPath: string;
  /** The model repository (created if missing). */
  repo: string;
  /** The model's name on the server: its folder in the repository. */
  name: string;
  maxBatchSize: number;
  maxQueueDelayUs?: number;
}

export interface TritonExport {
  config: TritonModelConfig;
  /** Files written, relative to the repository. */
  files: string[];
}

export const DEFAULT_MAX_BATCH_SIZE = 64;
export const DEFAULT_QUEUE_DELAY_US = 500;

/** Model names Triton and URLs take without fuss. */
export function tritonNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) ? undefined : `"${name}" is not a usable model name (letters, digits, "_", "-", "." only)`;
}

function safeRelative(location: string, onnxPath: string): string {
  const n = normalize(location);
  if (isAbsolute(n) || n === ".." || n.startsWith(`..${sep}`)) throw new ModelError(`${onnxPath}: external data location "${location}" is outside the model's folder: re-save the model with a relative location`);
  return n;
}

export function exportTritonRepository(o: TritonExportOptions): TritonExport {
  const problem = tritonNameProblem(o.name);
  if (problem) throw new ModelError(problem);
  const io = readOnnxGraphIo(o.onnxPath);
  let config: TritonModelConfig;
  try {
    config = tritonConfigFor(io, { name: o.name, maxBatchSize: o.maxBatchSize, maxQueueDelayUs: o.maxQueueDelayUs ?? DEFAULT_QUEUE_DELAY_US });
  } catch (e) {
    throw new ModelError(`${o.onnxPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const data = io.externalData.map((loc) => {
    const rel = safeRelative(loc, o.onnxPath);
    const from = join(dirname(o.onnxPath), rel);
    if (!existsSync(from) || !statSync(from).isFile()) throw new ModelError(`${o.onnxPath} keeps its weights in ${rel}, which is missing beside it`);
    return { from, rel };
  });
  const version = join(o.repo, o.name, "1");
  mkdirSync(version, { recursive: true });
  const files: string[] = [];
  const copy = (from: string, rel: string) => {
    const to = join(version, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    files.push(join(o.name, "1", rel));
  };
  copy(o.onnxPath, "model.onnx");
  for (const d of data) copy(d.from, d.rel);
  writeFileSync(join(o.repo, o.name, "config.pbtxt"), renderTritonConfig(config));
  files.unshift(join(o.name, "config.pbtxt"));
  return { config, files };
}
