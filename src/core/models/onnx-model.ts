// Opens the ONNX graph of a resolved model folder for a ranker engine: the session with the
// team's settings, its inputs/outputs checked, wrapped as a BatchRunner, plus the identity
// the pair cache keys on.
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { onnxBatchRunner, type BatchRunner } from "./batch-runner";
import type { ModelManifest } from "./manifest";
import { checkSessionIo, createOnnxSession, loadOnnxRuntime, type InferenceSession } from "./onnx-session";

export interface OpenedOnnxModel {
  runner: BatchRunner;
  session: InferenceSession;
  /** `<manifest id or folder name>:<dtype>:<first 16 hex digits of the sha256, or the size>`. */
  modelId: string;
  path: string;
}

export interface OpenOnnxOptions {
  dir: string;
  onnxFile: string;
  manifest: ModelManifest | null;
  dtype: string;
  threads?: number;
  inputs: string[];
  outputs: string[];
  /** Names the engine in errors the runner raises. */
  label: string;
  /** Further checks of the opened session; a throw releases it. */
  check?: (session: InferenceSession, path: string) => void;
}

export async function openOnnxModel(o: OpenOnnxOptions): Promise<OpenedOnnxModel> {
  const path = join(o.dir, o.onnxFile);
  const session = await createOnnxSession(path, { threads: o.threads });
  try {
    checkSessionIo(session, path, o.inputs, o.outputs);
    o.check?.(session, path);
  } catch (e) {
    await session.release();
    throw e;
  }
  const entry = o.manifest?.files.find((f) => f.path === o.onnxFile);
  const fingerprint = entry?.sha256 ? entry.sha256.slice(0, 16) : `${statSync(path).size}`;
  const modelId = `${o.manifest?.id ?? basename(o.dir)}:${o.dtype}:${fingerprint}`;
  return { runner: onnxBatchRunner(await loadOnnxRuntime(), session, o.label), session, modelId, path };
}
