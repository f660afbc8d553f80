// Where a ranker engine's padded batches run: the local ONNX graph (onnxruntime-node), or,
// when the options name a remote inference server, that server's copy of the model. Either
// way the engine gets a BatchRunner and the identity the pair cache keys on.
import { basename } from "node:path";
import type { EngineContext } from "../engine-options";
import type { RemoteInferenceOptions } from "../remote/remote-options";
import type { BatchRunner } from "./batch-runner";
import { openOnnxModel, type OpenOnnxOptions } from "./onnx-model";

export interface RankerModel {
  runner: BatchRunner;
  modelId: string;
}

/** Inputs sent only when the model has them. */
const OPTIONAL_INPUTS = ["position_ids"];

export async function openRankerModel(o: OpenOnnxOptions, remote: RemoteInferenceOptions | undefined, ctx: Pick<EngineContext, "signal" | "log"> = {}): Promise<RankerModel> {
  if (!remote) return openOnnxModel(o);
  const { openRemoteModel } = await import("../remote/remote-runner");
  const needs = { inputs: o.inputs, optionalInputs: OPTIONAL_INPUTS.filter((n) => !o.inputs.includes(n)), output: o.outputs[0] };
  return openRemoteModel(remote, needs, o.label, o.manifest?.id ?? basename(o.dir), ctx);
}
