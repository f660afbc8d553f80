// `models export-triton`: the config's names, datatypes and dims must match what
// onnxruntime itself reads from the ONNX file; the repository must serve (the external
// data file found beside model.onnx) and give the local logits.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOnnxRuntime } from "../../src/core/models/onnx-session";
import { readOnnxGraphIo } from "../../src/core/models/onnx-graph-io";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { CLI, ROOT, runCli } from "../helpers/cli";
import { modelsFromRepository, startOipServer } from "../helpers/oip-server";
import { SEA_EXAMPLE } from "../helpers/sea-example";

const tmp = mkdtempSync(join(tmpdir(), "triton-export-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = !existsSync(CLI) && "run npm run build first";

type Value = string | number | Message | Value[];
interface Message {
  [field: string]: Value[];
}

/** A protobuf text-format reader, enough for config.pbtxt: fields, messages, lists, strings, numbers, enums. */
function parseTextProto(text: string): Message {
  const tokens = text.replace(/#.*$/gm, "").match(/"(?:[^"\\]|\\.)*"|[{}[\]:,]|[^\s{}[\]:,"]+/g) ?? [];
  let i = 0;
  const value = (): Value => {
    const t = tokens[i++];
    if (t === "{") return message("}");
    if (t === "[") {
      const items: Value[] = [];
      while (tokens[i] !== "]") {
        items.push(value());
        if (tokens[i] === ",") i++;
      }
      i++;
      return items;
    }
    if (t.startsWith('"')) return JSON.parse(t) as string;
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  };
  const message = (end?: string): Message => {
    const m: Message = {};
    while (i < tokens.length && tokens[i] !== end) {
      const name = tokens[i++];
      if (tokens[i] === ":") i++;
      const v = value();
      // A repeated field written as a list holds its items directly.
      (m[name] ??= []).push(...(Array.isArray(v) && name !== "dims" && name !== "shape" ? v : [v]));
      if (tokens[i] === ",") i++;
    }
    i++;
    return m;
  };
  return message();
}

const ORT_TO_TRITON: Record<string, string> = { int64: "TYPE_INT64", float32: "TYPE_FP32", int32: "TYPE_INT32", float16: "TYPE_FP16" };

/** Checks a config's tensors against onnxruntime's own reading of the graph. */
async function assertConfigMatches(configPath: string, onnxPath: string, name: string): Promise<void> {
  const config = parseTextProto(readFileSync(configPath, "utf8"));
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(onnxPath);
  try {
    assert.deepEqual(config.name, [name]);
    assert.deepEqual(config.backend, ["onnxruntime"]);
    assert.deepEqual(config.max_batch_size, [64]);
    assert.ok(config.dynamic_batching, "dynamic batching on");
    for (const [kind, meta] of [
      ["input", session.inputMetadata],
      ["output", session.outputMetadata],
    ] as const) {
      const got = (config[kind] as Message[]).map((t) => ({ name: t.name[0], type: t.data_type[0], dims: t.dims[0], reshape: t.reshape ? (t.reshape[0] as Message).shape[0] : undefined }));
      const want = meta.map((m) => {
        assert.ok(m.isTensor);
        assert.equal(typeof m.shape[0], "string", `${m.name}: a dynamic batch dimension`);
        const rest = m.shape.slice(1).map((d) => (typeof d === "number" ? d : -1));
        return { name: m.name, type: ORT_TO_TRITON[m.type], dims: rest.length ? rest : [1], reshape: rest.length ? undefined : [] };
      });
      assert.deepEqual(got, want, `${kind}s of ${configPath}`);
    }
  } finally {
    await session.release();
  }
}

test("the protobuf reader agrees with onnxruntime on every fixture graph (names, types, dims; external data named)", async () => {
  const ort = await loadOnnxRuntime();
  const ELEM: Record<string, number> = { float32: 1, int64: 7 };
  const files = [
    "test/fixtures/tiny-pairrm/onnx/model.onnx",
    "test/fixtures/tiny-pairrm/onnx/model_quantized.onnx",
    "test/fixtures/tiny-reward/onnx/model.onnx",
    "test/fixtures/tiny-reward/onnx/model_quantized.onnx",
    "test/fixtures/tiny-pairrm-external/onnx/model.onnx",
    "models/builtin/model.onnx",
  ];
  for (const f of files) {
    const path = join(ROOT, f);
    const io = readOnnxGraphIo(path);
    const s = await ort.InferenceSession.create(path);
    const asOrt = (ts: typeof io.inputs) => ts.map((t) => ({ name: t.name, type: t.elemType, shape: t.dims }));
    const fromOrt = (ms: typeof s.inputMetadata) => ms.map((m) => ({ name: m.name, type: m.isTensor ? ELEM[m.type] : -1, shape: m.isTensor ? m.shape : [] }));
    assert.deepEqual(asOrt(io.inputs), fromOrt(s.inputMetadata), f);
    assert.deepEqual(asOrt(io.outputs), fromOrt(s.outputMetadata), f);
    assert.deepEqual(io.externalData, f.includes("external") ? ["model.onnx_data"] : [], f);
    await s.release();
  }
});

test("export-triton: pairrm and reward configs match their ONNX inputs and outputs; model.onnx is the exported graph", { skip }, async () => {
  const repo = join(tmp, "repo");
  for (const [fixture, name] of [
    ["test/fixtures/tiny-pairrm", "pairrm"],
    ["test/fixtures/tiny-reward", "reward"],
  ]) {
    const r = runCli(["models", "export-triton", "--model", fixture, "--out", repo]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n"), [join(repo, name, "config.pbtxt"), join(repo, name, "1", "model.onnx")]);
    assert.match(r.stderr, new RegExp(`serve it: +tritonserver --model-repository ${repo}\\n`));
    await assertConfigMatches(join(repo, name, "config.pbtxt"), join(ROOT, fixture, "onnx/model.onnx"), name);
    assert.ok(readFileSync(join(repo, name, "1", "model.onnx")).equals(readFileSync(join(ROOT, fixture, "onnx/model.onnx"))));
  }
  // The pairrm graph's logits are [batch]: Triton's dims [1] reshaped to [].
  assert.match(readFileSync(join(repo, "pairrm", "config.pbtxt"), "utf8"), /name: "logits"\n {4}data_type: TYPE_FP32\n {4}dims: \[ 1 \]\n {4}reshape: \{ shape: \[ \] \}/);

  const q = runCli(["models", "export-triton", "--model", "test/fixtures/tiny-pairrm", "--out", repo, "--dtype", "int8", "--name", "pairrm-int8", "--max-batch-size", "64"]);
  assert.equal(q.status, 0, q.stderr);
  assert.ok(readFileSync(join(repo, "pairrm-int8", "1", "model.onnx")).equals(readFileSync(join(ROOT, "test/fixtures/tiny-pairrm/onnx/model_quantized.onnx"))));
  await assertConfigMatches(join(repo, "pairrm-int8", "config.pbtxt"), join(ROOT, "test/fixtures/tiny-pairrm/onnx/model_quantized.onnx"), "pairrm-int8");
});

test("export-triton with external weights: the data file is copied beside model.onnx, and the repository serves the local logits", { skip }, async () => {
  const repo = join(tmp, "repo-ext");
  const r = runCli(["models", "export-triton", "--model", "test/fixtures/tiny-pairrm-external", "--out", repo, "--name", "pairrm"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split("\n").sort(), ["config.pbtxt", "1/model.onnx", "1/model.onnx_data"].map((f) => join(repo, "pairrm", f)).sort());
  assert.ok(readFileSync(join(repo, "pairrm/1/model.onnx_data")).equals(readFileSync(join(ROOT, "test/fixtures/tiny-pairrm-external/onnx/model.onnx_data"))));
  await assertConfigMatches(join(repo, "pairrm", "config.pbtxt"), join(ROOT, "test/fixtures/tiny-pairrm-external/onnx/model.onnx"), "pairrm");

  const srv = await startOipServer({ models: modelsFromRepository(repo) });
  try {
    const src = SEA_EXAMPLE.instruction + SEA_EXAMPLE.input;
    const pairs = SEA_EXAMPLE.candidates.slice(1).map((c) => ({ source: src, a: SEA_EXAMPLE.candidates[0].text, b: c.text }));
    const local = await createPairRmRanker({ model: join(ROOT, "test/fixtures/tiny-pairrm"), threads: 1 });
    const remote = await createPairRmRanker({ model: join(ROOT, "test/fixtures/tiny-pairrm"), threads: 1, remote: { url: srv.url, model: "pairrm" } });
    assert.deepEqual(await remote.scorePairs(pairs), await local.scorePairs(pairs));
    await local.dispose();
  } finally {
    await srv.close();
  }
});

test("export-triton errors: one line each, naming what is missing", { skip }, () => {
  const noOut = runCli(["models", "export-triton", "--model", "test/fixtures/tiny-pairrm"]);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /^answer-blender: models export-triton needs --model DIR\|HUB_ID and --out REPO\n$/);

  const badName = runCli(["models", "export-triton", "--model", "test/fixtures/tiny-pairrm", "--out", join(tmp, "r"), "--name", "my model"]);
  assert.equal(badName.status, 2);
  assert.match(badName.stderr, /option --name: "my model" is not a usable model name/);

  const empty = join(tmp, "empty-model");
  mkdirSync(empty, { recursive: true });
  const missing = runCli(["models", "export-triton", "--model", empty, "--out", join(tmp, "r")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^answer-blender: model folder .*empty-model: onnx\/model\.onnx is missing\n$/);

  const lonely = join(tmp, "no-data");
  mkdirSync(join(lonely, "onnx"), { recursive: true });
  copyFileSync(join(ROOT, "test/fixtures/tiny-pairrm-external/onnx/model.onnx"), join(lonely, "onnx/model.onnx"));
  const noData = runCli(["models", "export-triton", "--model", lonely, "--out", join(tmp, "r")]);
  assert.equal(noData.status, 1);
  assert.match(noData.stderr, /^answer-blender: .*no-data\/onnx\/model\.onnx keeps its weights in model\.onnx_data, which is missing beside it\n$/);
});
