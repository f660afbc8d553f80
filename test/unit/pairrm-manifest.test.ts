import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isSafeRelativePath, onnxFileFor, parseManifest } from "../../src/core/models/manifest";
import { cacheFolder, hubFileUrl, isHubId } from "../../src/core/models/hub";

const FIXTURE = join(__dirname, "../fixtures/tiny-pairrm");
const good = () => JSON.parse(readFileSync(join(FIXTURE, "manifest.json"), "utf8")) as Record<string, unknown>;

test("the fixture manifest parses: engine, lengths, markers, files with sha256", () => {
  const m = parseManifest(JSON.stringify(good()), "manifest.json");
  assert.equal(m.engine, "pairrm");
  assert.deepEqual(m.lengths, { source: 96, candidate: 80 });
  assert.equal(m.markers?.candidate2.token, "<|candidate2|>");
  assert.equal(onnxFileFor(m, "int8"), "onnx/model_quantized.onnx");
  assert.ok(m.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.size > 0));
});

test("manifest errors name the file and the field", () => {
  const bad = (patch: Record<string, unknown>) => () => parseManifest(JSON.stringify({ ...good(), ...patch }), "/x/manifest.json");
  assert.throws(bad({ engine: "" }), /\/x\/manifest\.json: field "engine"/);
  assert.throws(bad({ files: [{ path: "../etc/passwd", size: 1, sha256: "" }] }), /field "files\[0\]\.path"/);
  assert.throws(bad({ files: [{ path: "a.onnx", size: -1, sha256: "" }] }), /field "files\[0\]\.size"/);
  assert.throws(bad({ files: [{ path: "a.onnx", size: 1, sha256: "XYZ" }] }), /field "files\[0\]\.sha256"/);
  assert.throws(bad({ lengths: { source: 96 } }), /field "lengths"/);
  assert.throws(() => parseManifest("{not json", "m.json"), /m\.json: not valid JSON/);
});

test("paths and hub ids cannot escape their folders", () => {
  assert.ok(isSafeRelativePath("onnx/model.onnx"));
  for (const p of ["/abs", "a/../b", "..", "a//b", "C:/x", "a\\b"]) assert.ok(!isSafeRelativePath(p), p);
  assert.ok(isHubId("llm-blender/PairRM-hf"));
  for (const id of ["../x", "a/b/c", "a", "./a", "a/.."]) assert.ok(!isHubId(id), id);
  assert.equal(cacheFolder("/c", "o/n"), join("/c", "o", "n"));
  assert.equal(hubFileUrl("http://h", "o/n", "onnx/model.onnx"), "http://h/o/n/resolve/main/onnx/model.onnx");
});

test("without a manifest the transformers.js file names are used", () => {
  assert.equal(onnxFileFor(null, "fp32"), "onnx/model.onnx");
  assert.equal(onnxFileFor(null, "int8"), "onnx/model_quantized.onnx");
});
