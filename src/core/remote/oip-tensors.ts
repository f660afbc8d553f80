// The Open Inference Protocol's JSON tensors for a ranker's padded batch: the inference
// request (INT64 [batch, sequence], row-major `data`), the `logits` read back from the
// response, and the model metadata checked against what the engine sends and reads.
import type { PaddedBatch } from "../rank/batching";
import { positionIds } from "../rank/batching";

/** What an engine sends and reads. */
export interface RemoteModelNeeds {
  /** Inputs the model must have (INT64 [batch, sequence]). */
  inputs: readonly string[];
  /** Inputs sent only when the model has them (INT64 [batch, sequence]), e.g. position_ids. */
  optionalInputs: readonly string[];
  /** The output holding one FP32 logit per row ([batch] or [batch, 1]). */
  output: string;
}

export interface MetadataTensor {
  name: string;
  datatype: string;
  shape: number[];
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: MetadataTensor[];
  outputs: MetadataTensor[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function tensors(v: unknown, field: string, problems: string[]): MetadataTensor[] {
  if (!Array.isArray(v)) {
    problems.push(`field "${field}" is ${v === undefined ? "missing" : "not an array"}`);
    return [];
  }
  return v.flatMap((t, i) => {
    if (!isObject(t) || typeof t.name !== "string" || typeof t.datatype !== "string" || !Array.isArray(t.shape) || !t.shape.every((d) => typeof d === "number")) {
      problems.push(`${field}[${i}] is not a tensor description ({name, datatype, shape})`);
      return [];
    }
    return [{ name: t.name, datatype: t.datatype, shape: t.shape as number[] }];
  });
}

/** Reads a model metadata response; throws a message naming what is malformed. */
export function parseModelMetadata(json: unknown): ModelMetadata {
  if (!isObject(json)) throw new Error("the model metadata is not a JSON object");
  const problems: string[] = [];
  const inputs = tensors(json.inputs, "inputs", problems);
  const outputs = tensors(json.outputs, "outputs", problems);
  if (problems.length) throw new Error(`the model metadata is not Open Inference Protocol model metadata: ${problems.join("; ")}`);
  const versions = Array.isArray(json.versions) ? json.versions.filter((x): x is string => typeof x === "string") : [];
  return { name: typeof json.name === "string" ? json.name : "", versions, platform: typeof json.platform === "string" ? json.platform : "", inputs, outputs };
}

const shapeText = (s: readonly number[]) => `[${s.join(", ")}]`;

function checkTokenInput(t: MetadataTensor, problems: string[]): void {
  if (t.datatype !== "INT64") problems.push(`input ${t.name} is ${t.datatype}, the engine sends INT64`);
  if (t.shape.length !== 2) problems.push(`input ${t.name} has shape ${shapeText(t.shape)}, the engine sends [batch, sequence] (rank 2)`);
  else if (t.shape.some((d) => d !== -1))
    problems.push(`input ${t.name} has shape ${shapeText(t.shape)} with a fixed size, the engine sends batches whose size and length vary ([-1, -1]; export-triton writes dynamic dims)`);
}

function checkLogits(t: MetadataTensor, problems: string[]): void {
  if (t.datatype !== "FP32") problems.push(`output ${t.name} is ${t.datatype}, the engine reads FP32`);
  const s = t.shape;
  const batchOk = s.length > 0 && (s[0] === -1 || s[0] > 0);
  if (s.length > 2) problems.push(`output ${t.name} has shape ${shapeText(s)}, like a language model's; the engine needs one logit per row ([-1] or [-1, 1])`);
  else if (!batchOk || (s.length === 2 && s[1] !== 1)) problems.push(`output ${t.name} has shape ${shapeText(s)}, the engine needs one logit per row ([-1] or [-1, 1])`);
}

/**
 * Checks the metadata against the engine's needs; returns the inputs to send, or throws one
 * message naming every mismatch.
 */
export function checkModelMetadata(meta: ModelMetadata, needs: RemoteModelNeeds): { send: string[] } {
  const problems: string[] = [];
  const names = meta.inputs.map((t) => t.name);
  const known = [...needs.inputs, ...needs.optionalInputs];
  for (const n of needs.inputs) if (!names.includes(n)) problems.push(`input ${n} is missing`);
  for (const t of meta.inputs) {
    if (known.includes(t.name)) checkTokenInput(t, problems);
    else problems.push(`input ${t.name} is not one the engine sends (it sends ${known.join(", ")})`);
  }
  const out = meta.outputs.find((t) => t.name === needs.output);
  if (!out) problems.push(`output ${needs.output} is missing`);
  else checkLogits(out, problems);
  if (problems.length) {
    const has = `the model has inputs ${names.join(", ") || "(none)"}; outputs ${meta.outputs.map((t) => t.name).join(", ") || "(none)"}`;
    throw new Error(`${problems.join("; ")} (${has})`);
  }
  return { send: known.filter((n) => names.includes(n)) };
}

function inputData(name: string, batch: PaddedBatch): BigInt64Array {
  switch (name) {
    case "input_ids":
      return batch.inputIds;
    case "attention_mask":
      return batch.attentionMask;
    case "position_ids":
      return positionIds(batch.dims);
    default:
      throw new Error(`the engine has no data for input ${name}`);
  }
}

/** The inference request for one padded batch, as JSON text. */
export function inferRequestBody(batch: PaddedBatch, send: readonly string[], output: string): string {
  const inputs = send.map((name) => ({ name, datatype: "INT64", shape: [...batch.dims], data: Array.from(inputData(name, batch), Number) }));
  return JSON.stringify({ inputs, outputs: [{ name: output }] });
}

function flatten(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
}

/** The output's one logit per row from an inference response; throws a message naming what is wrong. */
export function readLogits(json: unknown, output: string, rows: number): Float32Array {
  if (!isObject(json) || !Array.isArray(json.outputs)) throw new Error(`the response is not an inference response (no "outputs" array)`);
  const t = json.outputs.find((o): o is Record<string, unknown> => isObject(o) && o.name === output);
  if (!t) throw new Error(`the response has no output ${output} (it has ${json.outputs.map((o) => (isObject(o) ? String(o.name) : "?")).join(", ") || "none"})`);
  if (t.datatype !== "FP32") throw new Error(`output ${output} came back as ${String(t.datatype)}, expected FP32`);
  const shape = t.shape;
  if (!Array.isArray(shape) || !(shape.length === 1 || (shape.length === 2 && shape[1] === 1)) || shape[0] !== rows)
    throw new Error(`output ${output} came back with shape ${JSON.stringify(shape)}, expected [${rows}] or [${rows}, 1] for a batch of ${rows}`);
  const flat: unknown[] = [];
  flatten(t.data, flat);
  if (flat.length !== rows) throw new Error(`output ${output} has ${flat.length} values for a batch of ${rows}`);
  const bad = flat.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) throw new Error(`output ${output} value ${bad} is ${JSON.stringify(flat[bad])}, not a finite number`);
  return Float32Array.from(flat as number[]);
}
