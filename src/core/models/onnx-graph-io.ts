// Reads an ONNX file's graph inputs and outputs (names, element types, dims) and the
// external data files its weights live in, straight from the protobuf: no onnxruntime
// session (which would load every weight), and the file is read in small pieces, so a
// 2 GB model costs a few hundred small reads. Field numbers from onnx/onnx.proto.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ModelError } from "../errors";

export interface OnnxTensorInfo {
  name: string;
  /** TensorProto.DataType (1 FLOAT, 7 INT64, …); 0 when not a tensor. */
  elemType: number;
  /** A number for a fixed size, the symbol's name for a named dynamic one, "" for an unnamed dynamic one. */
  dims: (number | string)[];
}

export interface OnnxGraphIo {
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  /** Locations (relative to the ONNX file's folder) of the external data files its initializers use. */
  externalData: string[];
}

// ModelProto.graph; GraphProto.{initializer, input, output}; ValueInfoProto.{name, type};
// TypeProto.tensor_type; TypeProto.Tensor.{elem_type, shape}; TensorShapeProto.dim;
// Dimension.{dim_value, dim_param}; TensorProto.{name, external_data}; StringStringEntryProto.{key, value}.
const F = {
  modelGraph: 7,
  graphInitializer: 5,
  graphInput: 11,
  graphOutput: 12,
  valueName: 1,
  valueType: 2,
  typeTensor: 1,
  tensorElemType: 1,
  tensorShape: 2,
  shapeDim: 1,
  dimValue: 1,
  dimParam: 2,
  initName: 8,
  initExternal: 13,
  entryKey: 1,
  entryValue: 2,
} as const;

interface Field {
  no: number;
  wire: number;
  /** Varint value (wire 0). */
  value: number;
  /** Start and length of the payload (wire 2). */
  start: number;
  length: number;
}

/** Positioned reads over an open file, one small window at a time. */
class FileBytes {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byte(pos: number): number {
    if (pos < this.windowStart || pos >= this.windowStart + this.window.length) {
      if (pos >= this.size) throw new Error("unexpected end of file");
      this.window = Buffer.alloc(Math.min(64 * 1024, this.size - pos));
      readSync(this.fd, this.window, 0, this.window.length, pos);
      this.windowStart = pos;
    }
    return this.window[pos - this.windowStart];
  }

  bytes(start: number, length: number): Buffer {
    const b = Buffer.alloc(length);
    if (length && readSync(this.fd, b, 0, length, start) !== length) throw new Error("unexpected end of file");
    return b;
  }
}

/** Bytes already in memory, with the same interface. */
class MemoryBytes {
  constructor(
    private readonly buf: Buffer,
    private readonly offset: number,
  ) {}
  get size(): number {
    return this.offset + this.buf.length;
  }
  byte(pos: number): number {
    const i = pos - this.offset;
    if (i < 0 || i >= this.buf.length) throw new Error("unexpected end of message");
    return this.buf[i];
  }
  bytes(start: number, length: number): Buffer {
    return this.buf.subarray(start - this.offset, start - this.offset + length);
  }
}

type Bytes = FileBytes | MemoryBytes;

function varint(b: Bytes, pos: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = b.byte(pos + i);
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: pos + i + 1 };
    scale *= 128;
  }
  throw new Error("bad varint");
}

/** The fields of the message in [start, end), payloads not read. */
function* fields(b: Bytes, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const tag = varint(b, pos);
    const no = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    pos = tag.next;
    if (wire === 0) {
      const v = varint(b, pos);
      yield { no, wire, value: v.value, start: pos, length: v.next - pos };
      pos = v.next;
    } else if (wire === 2) {
      const len = varint(b, pos);
      yield { no, wire, value: 0, start: len.next, length: len.value };
      pos = len.next + len.value;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  if (pos !== end) throw new Error("a message runs past its end");
}

/** A small submessage, read into memory. */
function sub(b: Bytes, f: Field): MemoryBytes {
  return new MemoryBytes(b.bytes(f.start, f.length), f.start);
}

const text = (b: Bytes, f: Field) => b.bytes(f.start, f.length).toString("utf8");

function readDims(b: MemoryBytes, f: Field): (number | string)[] {
  const dims: (number | string)[] = [];
  for (const d of fields(b, f.start, f.start + f.length)) {
    if (d.no !== F.shapeDim || d.wire !== 2) continue;
    let dim: number | string = "";
    for (const x of fields(b, d.start, d.start + d.length)) {
      if (x.no === F.dimValue && x.wire === 0) dim = x.value;
      else if (x.no === F.dimParam && x.wire === 2) dim = text(b, x);
    }
    dims.push(dim);
  }
  return dims;
}

function readValueInfo(b: MemoryBytes, f: Field): OnnxTensorInfo {
  const info: OnnxTensorInfo = { name: "", elemType: 0, dims: [] };
  for (const x of fields(b, f.start, f.start + f.length)) {
    if (x.no === F.valueName && x.wire === 2) info.name = text(b, x);
    else if (x.no === F.valueType && x.wire === 2) {
      for (const t of fields(b, x.start, x.start + x.length)) {
        if (t.no !== F.typeTensor || t.wire !== 2) continue;
        for (const y of fields(b, t.start, t.start + t.length)) {
          if (y.no === F.tensorElemType && y.wire === 0) info.elemType = y.value;
          else if (y.no === F.tensorShape && y.wire === 2) info.dims = readDims(b, y);
        }
      }
    }
  }
  return info;
}

/** An initializer's name and external data location, skipping its (possibly large) inline data. */
function readInitializer(b: Bytes, f: Field): { name: string; location?: string } {
  let name = "";
  let location: string | undefined;
  for (const x of fields(b, f.start, f.start + f.length)) {
    if (x.no === F.initName && x.wire === 2) name = text(b, x);
    else if (x.no === F.initExternal && x.wire === 2) {
      const e = sub(b, x);
      let key = "";
      let value = "";
      for (const y of fields(e, x.start, x.start + x.length)) {
        if (y.no === F.entryKey && y.wire === 2) key = text(e, y);
        else if (y.no === F.entryValue && y.wire === 2) value = text(e, y);
      }
      if (key === "location") location = value;
    }
  }
  return { name, location };
}

export function readOnnxGraphIo(path: string): OnnxGraphIo {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new ModelError(`cannot open ONNX model ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const b = new FileBytes(fd, fstatSync(fd).size);
    const inputs: OnnxTensorInfo[] = [];
    const outputs: OnnxTensorInfo[] = [];
    const initializers = new Set<string>();
    const external = new Set<string>();
    let graphs = 0;
    for (const top of fields(b, 0, b.size)) {
      if (top.no !== F.modelGraph || top.wire !== 2) continue;
      graphs++;
      for (const g of fields(b, top.start, top.start + top.length)) {
        if (g.wire !== 2) continue;
        if (g.no === F.graphInput) inputs.push(readValueInfo(sub(b, g), g));
        else if (g.no === F.graphOutput) outputs.push(readValueInfo(sub(b, g), g));
        else if (g.no === F.graphInitializer) {
          const init = readInitializer(b, g);
          initializers.add(init.name);
          if (init.location) external.add(init.location);
        }
      }
    }
    if (graphs !== 1) throw new Error(graphs ? "more than one graph" : "no graph");
    // Before IR version 4 initializers were listed among the inputs too.
    return { inputs: inputs.filter((i) => !initializers.has(i.name)), outputs, externalData: [...external] };
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(`${path} is not a readable ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    closeSync(fd);
  }
}
