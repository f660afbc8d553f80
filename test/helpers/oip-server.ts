/**
 * A small Open Inference Protocol (KServe v2 REST) server for tests and benchmarks, written
 * from the published protocol: a real node:http server on 127.0.0.1 that runs ONNX models
 * with onnxruntime-node (the same session settings as the engines, so its logits equal the
 * local ones bit for bit).
 *
 *   GET  /v2/health/live, /v2/health/ready          200 when up / ready
 *   GET  /v2/models/{name}[/versions/{v}]           model metadata: {name, versions, platform, inputs, outputs}
 *   GET  /v2/models/{name}[/versions/{v}]/ready     200 when the model is loaded
 *   POST /v2/models/{name}[/versions/{v}]/infer     JSON tensors in, JSON tensors out
 *   any failure                                      {"error": "..."} with a 4xx/5xx status
 *
 * In a test:
 *   const srv = await startOipServer({ models: { pairrm: "test/fixtures/tiny-pairrm/onnx/model.onnx" } });
 *   // remote: { url: srv.url, model: "pairrm" }; srv.requests records every call; srv.faults scripts failures
 *   await srv.close();
 *
 * Standalone (benchmarks, trying the CLI by hand):
 *   node --import tsx test/helpers/oip-server.ts --model pairrm=DIR/onnx/model.onnx [--model …] [--repo REPO] [--port 8000] [--threads 2]
 * prints "listening http://127.0.0.1:PORT" and runs until SIGINT/SIGTERM. `--repo` serves
 * every model of a Triton model repository (REPO/NAME/config.pbtxt, REPO/NAME/<version>/model.onnx).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Tensor } from "onnxruntime-node";
import { createOnnxSession, loadOnnxRuntime, type InferenceSession } from "../../src/core/models/onnx-session";

export interface MetadataTensorJson {
  name: string;
  datatype: string;
  shape: number[];
}

export interface ModelMetadataJson {
  name: string;
  versions: string[];
  platform: string;
  inputs: MetadataTensorJson[];
  outputs: MetadataTensorJson[];
}

/** Scripted misbehaviour; change `srv.faults` between calls. */
export interface OipFaults {
  /** Answer GET /v2/health/ready with 503 this many times first. */
  notReadyTimes?: number;
  /** Answer the next `times` infer requests with `status` and `{"error": error}` (and Retry-After when given). */
  inferFailure?: { status: number; times: number; error?: string; retryAfter?: string };
  /** Wait this long before answering an infer request (ms). */
  inferDelayMs?: number;
  /** Destroy the connection of the next this-many infer requests instead of answering. */
  resetTimes?: number;
  /** Report the outputs with this datatype (the data stays as computed). */
  outputDatatype?: string;
  /** Report the outputs with this shape, given the true one. */
  outputShape?: (shape: number[]) => number[];
  /** Rewrite the model metadata before it is sent. */
  metadata?: (m: ModelMetadataJson) => ModelMetadataJson;
  /** Hold every infer response until this many infer requests are in flight at once (then answer all, and hold no more). */
  holdUntilInFlight?: number;
}

export interface OipRequest {
  method: string;
  path: string;
  authorization?: string;
  /** Infer requests: each input's name, datatype and shape. */
  inputs?: Array<{ name: string; datatype: string; shape: number[] }>;
  /** Infer requests: the output names asked for. */
  outputs?: string[];
}

export interface OipServerOptions {
  /** Model name → ONNX file. */
  models: Record<string, string>;
  /** onnxruntime intra-op threads per model (default 1, like the tests' local runs). */
  threads?: number;
  /** When set, every /v2 request needs `Authorization: Bearer <token>`. */
  token?: string;
  faults?: OipFaults;
}

export interface OipTestServer {
  /** Base URL: http://127.0.0.1:PORT (the client appends /v2/...). */
  url: string;
  port: number;
  faults: OipFaults;
  requests: OipRequest[];
  /** Infer requests received so far. */
  inferCount(): number;
  /** Most infer requests in flight at once. */
  peakInFlight(): number;
  /** Infer requests whose client went away before the answer. */
  abandoned(): number;
  /** Resolves once this many infer requests have arrived (polls; fails after `timeoutMs`). */
  waitForInfer(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const ORT_TO_OIP: Record<string, string> = {
  float32: "FP32",
  float64: "FP64",
  float16: "FP16",
  int64: "INT64",
  int32: "INT32",
  int16: "INT16",
  int8: "INT8",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  uint64: "UINT64",
  bool: "BOOL",
  string: "BYTES",
};

interface LoadedModel {
  session: InferenceSession;
  metadata: ModelMetadataJson;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const dim = (d: unknown): number => (typeof d === "number" ? d : -1);

function metadataOf(name: string, session: InferenceSession): ModelMetadataJson {
  const tensor = (m: (typeof session.inputMetadata)[number]): MetadataTensorJson => ({
    name: m.name,
    datatype: m.isTensor ? (ORT_TO_OIP[m.type] ?? m.type.toUpperCase()) : "BYTES",
    shape: m.isTensor ? m.shape.map(dim) : [-1],
  });
  return { name, versions: ["1"], platform: "onnxruntime_onnx", inputs: session.inputMetadata.map(tensor), outputs: session.outputMetadata.map(tensor) };
}

function flatten(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
}

/** Every model of a Triton model repository: NAME → its highest numbered version's model.onnx. */
export function modelsFromRepository(repo: string): Record<string, string> {
  const models: Record<string, string> = {};
  for (const name of readdirSync(repo)) {
    const dir = join(repo, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, "config.pbtxt"))) continue;
    const versions = readdirSync(dir).filter((v) => /^\d+$/.test(v) && existsSync(join(dir, v, "model.onnx"))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) models[name] = join(dir, versions[0], "model.onnx");
  }
  return models;
}

export async function startOipServer(opts: OipServerOptions, port = 0): Promise<OipTestServer> {
  const ort = await loadOnnxRuntime();
  const models = new Map<string, LoadedModel>();
  for (const [name, path] of Object.entries(opts.models)) {
    const session = await createOnnxSession(path, { threads: opts.threads ?? 1 });
    models.set(name, { session, metadata: metadataOf(name, session) });
  }
  const requests: OipRequest[] = [];
  let infers = 0;
  let inFlight = 0;
  let peak = 0;
  let abandoned = 0;
  let barrierOpen = false;
  const waiting = new Set<() => void>();
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const model = (name: string): LoadedModel => {
    const m = models.get(name);
    if (!m) throw new HttpFailure(404, `Request for unknown model: '${name}' is not found`);
    return m;
  };

  async function infer(m: LoadedModel, name: string, text: string, rec: OipRequest): Promise<unknown> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpFailure(400, "failed to parse the request JSON buffer");
    }
    const b = body as { id?: unknown; inputs?: unknown; outputs?: unknown };
    if (!Array.isArray(b.inputs)) throw new HttpFailure(400, "inference request has no 'inputs' array");
    rec.inputs = [];
    const feeds: Record<string, Tensor> = {};
    for (const raw of b.inputs as Array<Record<string, unknown>>) {
      const inputName = String(raw?.name);
      const meta = m.metadata.inputs.find((t) => t.name === inputName);
      if (!meta) throw new HttpFailure(400, `unexpected inference input '${inputName}' for model '${name}'`);
      const shape = raw.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new HttpFailure(400, `input '${inputName}' has no valid shape`);
      rec.inputs.push({ name: inputName, datatype: String(raw.datatype), shape: shape as number[] });
      if (raw.datatype !== meta.datatype) throw new HttpFailure(400, `inference input '${inputName}' data-type is '${String(raw.datatype)}', but model '${name}' expects '${meta.datatype}'`);
      const shapeOk = shape.length === meta.shape.length && meta.shape.every((d, i) => d === -1 || d === shape[i]);
      if (!shapeOk) throw new HttpFailure(400, `unexpected shape for input '${inputName}' for model '${name}'. Expected [${meta.shape.join(",")}], got [${shape.join(",")}]`);
      const flat: unknown[] = [];
      flatten(raw.data, flat);
      const count = (shape as number[]).reduce((p, d) => p * d, 1);
      if (flat.length !== count) throw new HttpFailure(400, `input '${inputName}': ${flat.length} values for shape [${shape.join(",")}] (${count} expected)`);
      if (!flat.every((x) => typeof x === "number" && Number.isFinite(x))) throw new HttpFailure(400, `input '${inputName}': data must be numbers`);
      const nums = flat as number[];
      const dims = shape as number[];
      if (meta.datatype === "INT64") feeds[inputName] = new ort.Tensor("int64", BigInt64Array.from(nums, (x) => BigInt(x)), dims);
      else if (meta.datatype === "INT32") feeds[inputName] = new ort.Tensor("int32", Int32Array.from(nums), dims);
      else if (meta.datatype === "FP32") feeds[inputName] = new ort.Tensor("float32", Float32Array.from(nums), dims);
      else throw new HttpFailure(400, `input '${inputName}': datatype ${meta.datatype} is not supported by this test server`);
    }
    const missing = m.metadata.inputs.filter((t) => !(t.name in feeds)).map((t) => t.name);
    if (missing.length) throw new HttpFailure(400, `expected ${m.metadata.inputs.length} inputs but got ${Object.keys(feeds).length} inputs for model '${name}' (missing ${missing.join(", ")})`);
    const wanted = Array.isArray(b.outputs) ? (b.outputs as Array<{ name?: unknown }>).map((o) => String(o?.name)) : m.metadata.outputs.map((t) => t.name);
    rec.outputs = wanted;
    for (const w of wanted) if (!m.metadata.outputs.some((t) => t.name === w)) throw new HttpFailure(400, `unexpected inference output '${w}' for model '${name}'`);
    const result = await m.session.run(feeds);
    const f = server.faults;
    return {
      model_name: name,
      model_version: "1",
      ...(typeof b.id === "string" ? { id: b.id } : {}),
      outputs: wanted.map((w) => {
        const t = result[w];
        const data = Array.from(t.data as ArrayLike<number | bigint>, Number);
        return { name: w, datatype: f.outputDatatype ?? ORT_TO_OIP[t.type] ?? t.type, shape: f.outputShape ? f.outputShape([...t.dims]) : [...t.dims], data };
      }),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const rec: OipRequest = { method: req.method ?? "", path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
    requests.push(rec);
    const f = server.faults;
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      send(res, 401, { error: `missing or invalid bearer token (got ${req.headers.authorization ? "a different one" : "none"})` });
      return;
    }
    if (req.method === "GET" && path === "/v2/health/live") return send(res, 200, undefined);
    if (req.method === "GET" && path === "/v2/health/ready") {
      if (f.notReadyTimes && f.notReadyTimes > 0) {
        f.notReadyTimes--;
        return send(res, 503, { error: "server is not ready: models are still loading" });
      }
      return send(res, 200, undefined);
    }
    const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (!match) return send(res, 404, { error: `not found: ${path}` });
    const name = decodeURIComponent(match[1]);
    const m = model(name);
    if (match[2] && match[2] !== "1") throw new HttpFailure(404, `Request for unknown model: '${name}' version ${match[2]} is not found`);
    if (req.method === "GET" && !match[3]) return send(res, 200, f.metadata ? f.metadata(structuredClone(m.metadata)) : m.metadata);
    if (req.method === "GET" && match[3] === "/ready") return send(res, 200, undefined);
    if (req.method !== "POST" || match[3] !== "/infer") return send(res, 405, { error: `${req.method} ${path} is not supported` });

    infers++;
    inFlight++;
    peak = Math.max(peak, inFlight);
    let answered = false;
    res.on("close", () => {
      if (!answered) abandoned++;
    });
    try {
      const text = await readBody(req);
      if (f.resetTimes && f.resetTimes > 0) {
        f.resetTimes--;
        req.socket.destroy();
        return;
      }
      if (f.holdUntilInFlight && !barrierOpen) {
        if (inFlight >= f.holdUntilInFlight) {
          barrierOpen = true;
          for (const wake of waiting) wake();
          waiting.clear();
        } else await new Promise<void>((resolve) => waiting.add(resolve));
      }
      if (f.inferDelayMs) await new Promise((r) => setTimeout(r, f.inferDelayMs));
      if (res.destroyed) return;
      if (f.inferFailure && f.inferFailure.times > 0) {
        f.inferFailure.times--;
        const { status, error, retryAfter } = f.inferFailure;
        answered = true;
        return send(res, status, { error: error ?? `scripted failure ${status}` }, retryAfter !== undefined ? { "retry-after": retryAfter } : {});
      }
      const out = await infer(m, name, text, rec);
      answered = true;
      send(res, 200, out);
    } finally {
      inFlight--;
    }
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpFailure ? e.status : 500;
      send(res, status, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  http.keepAliveTimeout = 30_000;
  http.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const actual = (http.address() as AddressInfo).port;

  const server: OipTestServer = {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    faults: opts.faults ?? {},
    requests,
    inferCount: () => infers,
    peakInFlight: () => peak,
    abandoned: () => abandoned,
    async waitForInfer(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (infers < n) {
        if (Date.now() > until) throw new Error(`oip server: ${infers} infer requests, expected ${n}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    reset() {
      requests.length = 0;
      infers = 0;
      peak = inFlight;
      abandoned = 0;
      barrierOpen = false;
      server.faults = {};
    },
    close: async () => {
      for (const wake of waiting) wake();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      for (const m of models.values()) await m.session.release();
    },
  };
  return server;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const all = (flag: string) => argv.flatMap((a, i) => (a === flag && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
  const models: Record<string, string> = {};
  for (const spec of all("--model")) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new Error(`--model needs NAME=PATH/model.onnx, got "${spec}"`);
    models[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  for (const repo of all("--repo")) Object.assign(models, modelsFromRepository(repo));
  if (!Object.keys(models).length) throw new Error("give --model NAME=PATH/model.onnx or --repo REPO");
  const threads = all("--threads")[0];
  startOipServer({ models, threads: threads ? Number(threads) : 1, token: process.env.OIP_SERVER_TOKEN }, Number(all("--port")[0] ?? 0)).then((srv) => {
    process.stdout.write(`listening ${srv.url} models ${Object.keys(models).join(", ")}\n`);
    const stop = () => void srv.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
