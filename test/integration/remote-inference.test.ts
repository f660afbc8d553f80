// The pairrm and reward engines on an Open Inference Protocol server: the test server in
// test/helpers/oip-server.ts runs the same ONNX files with onnxruntime-node, so remote
// logits must equal local logits exactly; then the faults a real server shows.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPairRmRanker, type PairRmRanker } from "../../src/core/rank/engines/pairrm";
import { createRewardRanker, type RewardRanker } from "../../src/core/rank/engines/reward";
import type { RemoteInferenceOptions } from "../../src/core/remote/remote-options";
import { RemoteInferenceError } from "../../src/core/remote/oip-errors";
import { EngineFactory } from "../../src/core/engines";
import { asPairwise, type PairInput } from "../../src/core/types";
import { SEA_EXAMPLE } from "../helpers/sea-example";
import { startOipServer, type OipTestServer } from "../helpers/oip-server";

const ROOT = join(__dirname, "../..");
const PAIRRM = join(ROOT, "test/fixtures/tiny-pairrm");
const REWARD = join(ROOT, "test/fixtures/tiny-reward");
const ex = SEA_EXAMPLE;
const source = ex.instruction + ex.input;
/** All 20 ordered pairs of the five answers. */
const PAIRS: PairInput[] = ex.candidates.flatMap((a, i) => ex.candidates.flatMap((b, j) => (i === j ? [] : [{ source, a: a.text, b: b.text }])));

let srv: OipTestServer;
let localPairRm: number[];
let localReward: number[];
let localRewardScores: number[];
const ANSWERS = ex.candidates.map((c) => ({ prompt: source, answer: c.text }));

/** Short waits so the fault cases run quickly; each test overrides what it needs. */
const fast = (over: Partial<RemoteInferenceOptions> = {}): RemoteInferenceOptions => ({ url: srv.url, model: "pairrm", backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 10_000, ...over });
const pairrm = (remote: Partial<RemoteInferenceOptions> = {}, batchSize?: number) =>
  createPairRmRanker({ model: PAIRRM, threads: 1, batchSize, remote: fast(remote) });
const reward = (remote: Partial<RemoteInferenceOptions> = {}) => createRewardRanker({ model: REWARD, threads: 1, remote: fast({ model: "reward", ...remote }) });

async function rejects(p: Promise<unknown>, re: RegExp): Promise<RemoteInferenceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RemoteInferenceError, `expected a RemoteInferenceError, got ${String(e)}`);
    assert.equal(e.name, "ModelError", "shown by the CLI as one line, rebuilt as a ModelError from the worker");
    assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected a rejection matching ${re}`);
}

before(async () => {
  srv = await startOipServer({ models: { pairrm: join(PAIRRM, "onnx/model.onnx"), reward: join(REWARD, "onnx/model.onnx") } });
  const p = await createPairRmRanker({ model: PAIRRM, threads: 1 });
  localPairRm = await p.scorePairs(PAIRS);
  await p.dispose();
  const r = await createRewardRanker({ model: REWARD, threads: 1 });
  localReward = await r.scorePairs(PAIRS);
  localRewardScores = await r.scoreAnswers(ANSWERS);
  await r.dispose();
});
after(() => srv.close());
beforeEach(() => srv.reset());

test("pairrm: remote logits equal the local ones exactly; health and metadata first, then one INT64 [batch, sequence] infer per batch", async () => {
  const r = await pairrm();
  assert.match(r.modelId, /^tiny-pairrm:remote:http:\/\/127\.0\.0\.1:\d+\/pairrm@1$/);
  const logits = await r.scorePairs(PAIRS);
  assert.deepEqual(logits, localPairRm);
  assert.deepEqual(srv.requests.slice(0, 2).map((q) => `${q.method} ${q.path}`), ["GET /v2/health/ready", "GET /v2/models/pairrm"]);
  const infers = srv.requests.filter((q) => q.path === "/v2/models/pairrm/infer");
  assert.equal(infers.length, 3, "20 pairs in batches of 8");
  assert.equal(srv.inferCount(), 3);
  assert.deepEqual(infers.map((q) => q.inputs?.[0].shape[0]).sort(), [4, 8, 8]);
  for (const q of infers) {
    assert.deepEqual(q.inputs?.map((t) => t.name), ["input_ids", "attention_mask"], "no position_ids: the model has none");
    assert.ok(q.inputs?.every((t) => t.datatype === "INT64" && t.shape.length === 2));
    assert.deepEqual(q.outputs, ["logits"]);
  }
  await r.dispose();
});

test("reward: remote scores equal the local ones exactly; position_ids sent because the model's metadata has it", async () => {
  const r: RewardRanker = await reward();
  assert.deepEqual(await r.scoreAnswers(ANSWERS), localRewardScores);
  assert.deepEqual(await r.scorePairs(PAIRS), localReward);
  assert.equal(r.passes, 5, "five answers, each scored once");
  const infers = srv.requests.filter((q) => q.path === "/v2/models/reward/infer");
  assert.ok(infers.length >= 1);
  for (const q of infers) assert.deepEqual(q.inputs?.map((t) => t.name), ["input_ids", "attention_mask", "position_ids"]);
});

test("several batches in flight, never more than --remote-concurrency; the results still land in input order", async () => {
  srv.faults = { holdUntilInFlight: 3 };
  const r = await pairrm({ concurrency: 3 }, 4);
  assert.deepEqual(await r.scorePairs(PAIRS), localPairRm);
  assert.equal(srv.inferCount(), 5, "20 pairs in batches of 4");
  assert.equal(srv.peakInFlight(), 3);

  srv.reset();
  const one = await pairrm({ concurrency: 1 }, 4);
  assert.deepEqual(await one.scorePairs(PAIRS), localPairRm);
  assert.equal(srv.peakInFlight(), 1);
});

test("503 then 200, 429 with Retry-After, a server still starting up: retried, and the logits are right", async () => {
  srv.faults = { notReadyTimes: 1, inferFailure: { status: 503, times: 2, error: "model instance busy" } };
  const logs: string[] = [];
  const r = await createPairRmRanker({ model: PAIRRM, threads: 1, remote: fast({ concurrency: 1 }) }, { log: (l) => logs.push(l) });
  assert.deepEqual(await r.scorePairs(PAIRS), localPairRm);
  assert.equal(srv.requests.filter((q) => q.path === "/v2/health/ready").length, 2);
  assert.equal(srv.inferCount(), 3 + 2);
  assert.ok(logs.some((l) => /attempt 1 failed .*HTTP 503.*model instance busy.*retrying/.test(l)), logs.join("\n"));

  srv.reset();
  srv.faults = { inferFailure: { status: 429, times: 1, retryAfter: "0" } };
  const again = await pairrm({ concurrency: 1 });
  assert.deepEqual(await again.scorePairs(PAIRS), localPairRm);
  assert.equal(srv.inferCount(), 4);
});

test("a server that keeps failing: the error after the last retry names the status and the server's error text", async () => {
  srv.faults = { inferFailure: { status: 503, times: 100, error: "out of GPU memory" } };
  const r = await pairrm({ concurrency: 1, maxRetries: 2 });
  const e = await rejects(r.scorePairs(PAIRS), /remote inference server http:\/\/127\.0\.0\.1:\d+: POST \/v2\/models\/pairrm\/infer: HTTP 503 .*server unavailable: out of GPU memory \(after 3 attempts\)/);
  assert.equal(e.kind, "server");
  assert.equal(srv.inferCount(), 3);
});

test("a 400 with the server's {error} body is shown and not retried", async () => {
  srv.faults = { inferFailure: { status: 400, times: 1, error: "unexpected shape for input 'input_ids' for model 'pairrm'" } };
  const r = await pairrm({ concurrency: 1 });
  await rejects(r.scorePairs(PAIRS), /HTTP 400 .*the server rejected the request: unexpected shape for input 'input_ids' for model 'pairrm'$/);
  assert.equal(srv.inferCount(), 1);
});

test("a slow server: the per-request timeout ends the request with a clear message", async () => {
  srv.faults = { inferDelayMs: 3_000 };
  const r = await pairrm({ concurrency: 1, timeoutMs: 150 });
  const e = await rejects(r.scorePairs(PAIRS), /no complete response to POST \/v2\/models\/pairrm\/infer within 150 ms \(the request timeout\)|no response to POST \/v2\/models\/pairrm\/infer within 150 ms/);
  assert.equal(e.kind, "timeout");
  assert.equal(srv.inferCount(), 1, "a timed-out request is not sent again");
});

test("a wrong output datatype or shape in the response: named, not retried", async () => {
  srv.faults = { outputDatatype: "FP64" };
  const r = await pairrm({ concurrency: 1 });
  const e = await rejects(r.scorePairs(PAIRS), /model "pairrm": output logits came back as FP64, expected FP32/);
  assert.equal(e.kind, "bad-response");
  assert.equal(srv.inferCount(), 1);

  srv.reset();
  srv.faults = { outputShape: (s) => [s[0], 2] };
  const r2 = await pairrm({ concurrency: 1 });
  await rejects(r2.scorePairs(PAIRS), /output logits came back with shape \[8,2\], expected \[8\] or \[8, 1\] for a batch of 8/);
});

test("metadata that does not fit the engine: every mismatch named before any batch is sent", async () => {
  srv.faults = {
    metadata: (m) => ({
      ...m,
      inputs: [...m.inputs.map((t) => (t.name === "input_ids" ? { ...t, datatype: "INT32" } : t.name === "attention_mask" ? { ...t, shape: [-1, 512] } : t)), { name: "token_type_ids", datatype: "INT64", shape: [-1, -1] }],
      outputs: [{ name: "scores", datatype: "FP32", shape: [-1] }],
    }),
  };
  const e = await rejects(pairrm(), /model "pairrm" does not match what the pairrm engine needs: /);
  assert.equal(e.kind, "mismatch");
  for (const part of [
    "input input_ids is INT32, the engine sends INT64",
    "input attention_mask has shape [-1, 512] with a fixed size",
    "input token_type_ids is not one the engine sends (it sends input_ids, attention_mask, position_ids)",
    "output logits is missing",
    "(the model has inputs input_ids, attention_mask, token_type_ids; outputs scores)",
  ])
    assert.ok(e.message.includes(part), `${part}\n in ${e.message}`);
  assert.equal(srv.inferCount(), 0);

  srv.reset();
  srv.faults = { metadata: (m) => ({ ...m, outputs: [{ name: "logits", datatype: "FP32", shape: [-1, 12, 151936] }] }) };
  await rejects(reward(), /output logits has shape \[-1, 12, 151936\], like a language model's; the engine needs one logit per row/);

  srv.reset();
  srv.faults = { metadata: () => ({ hello: "world" }) as never };
  await rejects(pairrm(), /not Open Inference Protocol model metadata: field "inputs" is missing; field "outputs" is missing/);
});

test("a dropped connection is retried; one that keeps dropping fails naming the reset", async () => {
  srv.faults = { resetTimes: 1 };
  const r = await pairrm({ concurrency: 1 });
  assert.deepEqual(await r.scorePairs(PAIRS), localPairRm);
  assert.equal(srv.inferCount(), 4);

  srv.reset();
  srv.faults = { resetTimes: 100 };
  const r2 = await pairrm({ concurrency: 1, maxRetries: 2 });
  const e = await rejects(r2.scorePairs(PAIRS), /POST \/v2\/models\/pairrm\/infer: .*(socket|reset|closed|terminated|other side).*\(after 3 attempts\)/i);
  assert.equal(e.kind, "network");
  assert.equal(srv.inferCount(), 3);
});

test("cancellation mid-run: the requests in flight are abandoned, no new ones are sent, the call ends as cancelled", async () => {
  srv.faults = { inferDelayMs: 5_000 };
  const r: PairRmRanker = await pairrm({ concurrency: 2 }, 4);
  const ac = new AbortController();
  const run = r.scorePairs(PAIRS, { signal: ac.signal });
  await srv.waitForInfer(2);
  ac.abort();
  await assert.rejects(run, (e: Error) => e.name === "AbortError");
  assert.equal(srv.inferCount(), 2, "nothing sent after the cancel");
  const until = Date.now() + 5_000;
  while (srv.abandoned() < 2 && Date.now() < until) await new Promise((res) => setTimeout(res, 5));
  assert.equal(srv.abandoned(), 2, "both requests in flight were dropped by the client");
});

test("bearer token: sent when given, its absence explained, a wrong one never printed", async () => {
  const secured = await startOipServer({ models: { pairrm: join(PAIRRM, "onnx/model.onnx") }, token: "tok-9f8e7d6c5b4a" });
  try {
    const base = { url: secured.url, model: "pairrm", backoffBaseMs: 5, backoffMaxMs: 10 };
    await rejects(createPairRmRanker({ model: PAIRRM, remote: base }), /HTTP 401 .*not authorised, no token was sent \(CLI: set ANSWER_BLENDER_REMOTE_TOKEN, or name another variable with --remote-token-env; VS Code: "Answer Blender: Set API Key" → remote inference server\): missing or invalid bearer token/);
    const wrong = await rejects(createPairRmRanker({ model: PAIRRM, remote: { ...base, token: "wrong-token-123456", tokenSource: "MY_TOKEN" } }), /the server rejected the token from MY_TOKEN/);
    assert.ok(!wrong.message.includes("wrong-token-123456"));
    const r = await createPairRmRanker({ model: PAIRRM, threads: 1, remote: { ...base, token: "tok-9f8e7d6c5b4a" } });
    assert.deepEqual(await r.scorePairs(PAIRS), localPairRm);
    assert.ok(secured.requests.filter((q) => q.path.endsWith("/infer")).every((q) => q.authorization === "Bearer tok-9f8e7d6c5b4a"));
  } finally {
    await secured.close();
  }
});

test("a model name the server does not have, and a URL that is no inference server: one clear line each", async () => {
  await rejects(pairrm({ model: "pairrm-large" }), /GET \/v2\/models\/pairrm-large: HTTP 404 .*the server has no model "pairrm-large" .*Request for unknown model: 'pairrm-large' is not found/);
  await rejects(pairrm({ url: `${srv.url}/elsewhere` }), /GET \/v2\/health\/ready: HTTP 404 .*is http:\/\/127\.0\.0\.1:\d+\/elsewhere an Open Inference Protocol \(KServe v2\) server/);
  const closed = await startOipServer({ models: {} });
  const url = closed.url;
  await closed.close();
  await rejects(pairrm({ url, maxRetries: 1 }), /cannot send GET \/v2\/health\/ready: connection refused \(is the server running\?\) \(after 2 attempts\)/);
});

test("through the inference worker (as the CLI and the extension run it): the same logits", async () => {
  const factory = new EngineFactory();
  try {
    const r = asPairwise(await factory.ranker("pairrm", { model: PAIRRM, threads: 1, remote: fast() }));
    assert.deepEqual(await r.scorePairs(PAIRS), localPairRm);
    await assert.rejects(factory.ranker("reward", { model: REWARD, remote: fast({ model: "nope" }) }), (e: Error) => e.name === "ModelError" && /the server has no model "nope"/.test(e.message));
  } finally {
    await factory.close();
  }
});
