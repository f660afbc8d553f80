// A Triton Inference Server model configuration (config.pbtxt) for an ONNX graph on the
// ONNX Runtime backend, from the graph's own inputs and outputs: names, datatypes, dims
// (-1 for every dynamic size), max_batch_size and dynamic batching.
import type { OnnxGraphIo, OnnxTensorInfo } from "../models/onnx-graph-io";

/** ONNX TensorProto.DataType → Triton's data_type. */
const TRITON_TYPES: Record<number, string> = {
  1: "TYPE_FP32",
  2: "TYPE_UINT8",
  3: "TYPE_INT8",
  4: "TYPE_UINT16",
  5: "TYPE_INT16",
  6: "TYPE_INT32",
  7: "TYPE_INT64",
  8: "TYPE_STRING",
  9: "TYPE_BOOL",
  10: "TYPE_FP16",
  11: "TYPE_FP64",
  12: "TYPE_UINT32",
  13: "TYPE_UINT64",
  16: "TYPE_BF16",
};

export interface TritonTensorConfig {
  name: string;
  dataType: string;
  /** Without the batch dimension when maxBatchSize > 0; -1 for a dynamic size. */
  dims: number[];
  /** Set for a [batch]-shaped tensor: Triton's dims [1] with reshape to [] (the model's own shape). */
  reshape?: number[];
}

export interface TritonModelConfig {
  name: string;
  /** 0: the model does not batch (dims are the full shapes). */
  maxBatchSize: number;
  inputs: TritonTensorConfig[];
  outputs: TritonTensorConfig[];
  /** How long the dynamic batcher may wait to fill a batch (µs); absent without batching. */
  maxQueueDelayUs?: number;
}

export interface TritonConfigOptions {
  name: string;
  maxBatchSize: number;
  maxQueueDelayUs: number;
}

const dynamic = (d: number | string) => typeof d === "string";

function tensor(t: OnnxTensorInfo, batched: boolean, where: string): TritonTensorConfig {
  const dataType = TRITON_TYPES[t.elemType];
  if (!dataType) throw new Error(`${where} ${t.name} has ONNX element type ${t.elemType}, which Triton has no type for`);
  const rest = (batched ? t.dims.slice(1) : t.dims).map((d) => (typeof d === "number" ? d : -1));
  if (batched && rest.length === 0) return { name: t.name, dataType, dims: [1], reshape: [] };
  return { name: t.name, dataType, dims: rest };
}

/**
 * Batches (max_batch_size > 0, dynamic batching) when every input and output has a dynamic
 * first dimension; otherwise max_batch_size 0 and the full shapes.
 */
export function tritonConfigFor(io: OnnxGraphIo, o: TritonConfigOptions): TritonModelConfig {
  const all = [...io.inputs, ...io.outputs];
  if (!io.inputs.length || !io.outputs.length) throw new Error("the graph has no inputs or no outputs");
  const batched = o.maxBatchSize > 0 && all.every((t) => t.dims.length > 0 && dynamic(t.dims[0]));
  return {
    name: o.name,
    maxBatchSize: batched ? o.maxBatchSize : 0,
    inputs: io.inputs.map((t) => tensor(t, batched, "input")),
    outputs: io.outputs.map((t) => tensor(t, batched, "output")),
    ...(batched ? { maxQueueDelayUs: o.maxQueueDelayUs } : {}),
  };
}

const quote = (s: string) => JSON.stringify(s);
const list = (xs: number[]) => `[ ${xs.join(", ")} ]`.replace("[  ]", "[ ]");

function block(kind: "input" | "output", ts: TritonTensorConfig[]): string {
  const items = ts.map((t) =>
    [
      "  {",
      `    name: ${quote(t.name)}`,
      `    data_type: ${t.dataType}`,
      `    dims: ${list(t.dims)}`,
      ...(t.reshape ? [`    reshape: { shape: ${list(t.reshape)} }`] : []),
      "  }",
    ].join("\n"),
  );
  return `${kind} [\n${items.join(",\n")}\n]`;
}

/** config.pbtxt text (protobuf text format). */
export function renderTritonConfig(c: TritonModelConfig): string {
  const parts = [
    `name: ${quote(c.name)}`,
    `backend: "onnxruntime"`,
    `max_batch_size: ${c.maxBatchSize}`,
    block("input", c.inputs),
    block("output", c.outputs),
  ];
  if (c.maxQueueDelayUs !== undefined) parts.push(`dynamic_batching {\n  max_queue_delay_microseconds: ${c.maxQueueDelayUs}\n}`);
  return `# Written by answer-blender models export-triton (docs/remote.md).\n${parts.join("\n")}\n`;
}
