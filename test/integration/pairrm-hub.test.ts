import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { FakeHub } from "../helpers/hub-server";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { pullModel } from "../../src/core/models/hub";
import { resolveModel } from "../../src/core/models/resolve";
import { ModelError } from "../../src/core/errors";
import type { ProgressEvent } from "../../src/core/types";

const ROOT = join(__dirname, "../..");
const FIXTURE = join(ROOT, "test/fixtures/tiny-pairrm");
const ID = "test-org/tiny-pairrm";
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { pairs: { instruction: string; input: string; a: string; b: string; logit: number }[] };
const tmp = mkdtempSync(join(tmpdir(), "pairrm-hub-"));

let hub: FakeHub;
let base = "";

before(async () => {
  hub = await FakeHub.start({ [ID]: FIXTURE });
  base = hub.base;
  process.env.ANSWER_BLENDER_HUB_URL = base;
});

after(async () => {
  await hub.close();
  delete process.env.ANSWER_BLENDER_HUB_URL;
  rmSync(tmp, { recursive: true, force: true });
});

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

test("a hub id is downloaded once with progress, checked, scored, then reused from the cache", async () => {
  const cacheDir = join(tmp, "cache1");
  hub.requests = [];
  const events: ProgressEvent[] = [];
  const r = await createPairRmRanker({ model: ID, cacheDir, threads: 1 }, { onProgress: (e) => events.push(e) });
  const downloads = events.filter((e) => e.stage === "download");
  assert.ok(downloads.length > 0);
  const last = downloads[downloads.length - 1];
  assert.equal(last.done, last.total);
  assert.ok(downloads.some((e) => e.message?.endsWith("onnx/model.onnx")));
  const dir = join(cacheDir, "test-org", "tiny-pairrm");
  assert.equal(sha(join(dir, "onnx/model.onnx")), sha(join(FIXTURE, "onnx/model.onnx")));
  assert.ok(!existsSync(join(dir, "onnx/model_quantized.onnx")), "only the files the engine needs are fetched");
  const p = reference.pairs[0];
  const [logit] = await r.scorePairs([{ source: p.instruction + p.input, a: p.a, b: p.b }]);
  assert.ok(Math.abs(logit - p.logit) < 1e-4);
  await r.dispose();

  hub.requests = [];
  const again = await createPairRmRanker({ model: ID, cacheDir, threads: 1, allowDownload: false });
  assert.deepEqual(hub.requests, [], "the second load makes no request");
  await again.dispose();
});

test("checksum mismatch → ModelError, and neither the file nor a .part is kept", async () => {
  const cacheDir = join(tmp, "cache2");
  hub.corrupt.add("onnx/model.onnx");
  try {
    await assert.rejects(createPairRmRanker({ model: ID, cacheDir }), (e) => e instanceof ModelError && /checksum mismatch/.test(e.message) && e.message.includes(base));
  } finally {
    hub.corrupt.clear();
  }
  const onnx = join(cacheDir, "test-org/tiny-pairrm/onnx/model.onnx");
  assert.ok(!existsSync(onnx) && !existsSync(onnx + ".part"));
});

test("a leftover .part is resumed with a Range request", async () => {
  const cacheDir = join(tmp, "cache3");
  const dir = join(cacheDir, "test-org/tiny-pairrm/onnx");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.onnx.part"), readFileSync(join(FIXTURE, "onnx/model.onnx")).subarray(0, 1000));
  hub.requests = [];
  await pullModel(ID, { cacheDir, files: ["onnx/model.onnx"] });
  assert.deepEqual(hub.requests.find((r) => r.path === "onnx/model.onnx")?.range, "bytes=1000-");
  assert.equal(sha(join(dir, "model.onnx")), sha(join(FIXTURE, "onnx/model.onnx")));
});

test("a leftover .part that does not fit the remote file (HTTP 416) is discarded and fetched again", async () => {
  const repo = join(tmp, "repo416");
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(repo, "vocab.txt"), "a\nb\nc\n");
  hub.repos.set("test-org/r416", repo);
  const cacheDir = join(tmp, "cache8");
  const dir = join(cacheDir, "test-org/r416");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "vocab.txt.part"), Buffer.alloc(1000, 1));
  hub.requests = [];
  await pullModel("test-org/r416", { cacheDir, files: ["vocab.txt"] });
  assert.deepEqual(hub.requests.filter((r) => r.path === "vocab.txt").map((r) => r.range), ["bytes=1000-", undefined]);
  assert.equal(readFileSync(join(dir, "vocab.txt"), "utf8"), "a\nb\nc\n");
});

test("a dropped connection is retried from where it stopped", async () => {
  const cacheDir = join(tmp, "cache4");
  hub.dropOnce.add("tokenizer.json");
  hub.requests = [];
  await pullModel(ID, { cacheDir, files: ["tokenizer.json"] });
  const asks = hub.requests.filter((r) => r.path === "tokenizer.json");
  assert.equal(asks.length, 2);
  assert.match(asks[1].range ?? "", /^bytes=\d+-$/);
  assert.equal(sha(join(cacheDir, "test-org/tiny-pairrm/tokenizer.json")), sha(join(FIXTURE, "tokenizer.json")));
});

test("offline: not cached and downloads off → error says how to get the model", async () => {
  await assert.rejects(
    createPairRmRanker({ model: ID, cacheDir: join(tmp, "empty"), allowDownload: false }),
    (e) => e instanceof ModelError && /not in the cache/.test(e.message) && e.message.includes(`answer-blender models pull ${ID}`) && /export\.py/.test(e.message),
  );
});

test("hub unreachable → ModelError naming the hub", async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const hubUrl = `http://127.0.0.1:${port}`;
  await assert.rejects(
    resolveModel(ID, { requiredFiles: ["tokenizer.json"], cacheDir: join(tmp, "cache5"), hubUrl }),
    (e) => e instanceof ModelError && e.message.startsWith(`cannot get model ${ID} from ${hubUrl}: cannot reach`) && /ECONNREFUSED/.test(e.message),
  );
});

test("a repo without manifest.json: listed files are fetched and size-checked; pairrm refuses it", async () => {
  const bare = join(tmp, "bare-repo");
  mkdirSync(bare, { recursive: true });
  writeFileSync(join(bare, "config.json"), '{"model_type":"t5"}');
  hub.repos.set("test-org/bare", bare);
  const cacheDir = join(tmp, "cache6");
  const got = await resolveModel("test-org/bare", { requiredFiles: ["config.json"], cacheDir });
  assert.equal(got.origin, "download");
  assert.equal(readFileSync(join(got.dir, "config.json"), "utf8"), '{"model_type":"t5"}');
  const cached = await resolveModel("test-org/bare", { requiredFiles: ["config.json"], cacheDir, allowDownload: false });
  assert.equal(cached.origin, "cache");
  await assert.rejects(createPairRmRanker({ model: "test-org/bare", cacheDir: join(tmp, "cache7") }), (e) => e instanceof ModelError && /has no manifest\.json/.test(e.message));
  await assert.rejects(createPairRmRanker({ model: "test-org/bare", cacheDir }), (e) => e instanceof ModelError && /for the "unknown" engine, not pairrm/.test(e.message));
});

/** Runs the built CLI asynchronously (the hub server lives in this process's event loop). */
function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, "dist/cli.js"), ...args], { encoding: "utf8", env: { ...process.env, ANSWER_BLENDER_HUB_URL: base }, cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("CLI: models pull (progress on stderr), models list, then rank --model HUB_ID from the cache", { skip: !existsSync(join(ROOT, "dist/cli.js")) && "run npm run build first" }, async () => {
  const cacheDir = join(tmp, "cli-cache");
  const pull = await cli(["models", "pull", ID, "--cache-dir", cacheDir, "--dtype", "int8"]);
  assert.equal(pull.status, 0, pull.stderr);
  assert.equal(pull.stdout.trim(), join(cacheDir, "test-org/tiny-pairrm"));
  assert.match(pull.stderr, /downloaded \d+ file\(s\): .*onnx\/model_quantized\.onnx/);
  assert.ok(!existsSync(join(cacheDir, "test-org/tiny-pairrm/onnx/model.onnx")), "--dtype int8 skips the fp32 file");
  const again = await cli(["models", "pull", ID, "--cache-dir", cacheDir, "--dtype", "int8"]);
  assert.match(again.stderr, /already in the cache/);
  const list = await cli(["models", "list", "--cache-dir", cacheDir, "--json"]);
  const listed = JSON.parse(list.stdout) as { models: { id: string; engine: string }[] };
  assert.deepEqual(listed.models.map((m) => [m.id, m.engine]), [[ID, "pairrm"]]);

  const input = join(tmp, "sea.jsonl");
  writeFileSync(input, JSON.stringify({ id: "sea", instruction: "Sea?", input: "", candidates: [{ model: "a", text: "Blue." }, { model: "b", text: "Waves and foam." }] }) + "\n");
  const rank = await cli(["rank", input, "--ranker", "pairrm", "--model", ID, "--cache-dir", cacheDir, "--dtype", "int8", "--offline", "--json"]);
  assert.equal(rank.status, 0, rank.stderr);
  assert.equal((JSON.parse(rank.stdout) as { items: { comparisons: number }[] }).items[0].comparisons, 2);
  const bad = await cli(["models", "pull", "not-a-hub-id"]);
  assert.equal(bad.status, 2);
});
