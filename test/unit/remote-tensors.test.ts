// The Open Inference Protocol JSON of a padded batch, the logits read back, the metadata
// check, and the batch scheduler that keeps several requests in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { padBatch, type PaddedBatch } from "../../src/core/rank/batching";
import { checkModelMetadata, inferRequestBody, parseModelMetadata, readLogits } from "../../src/core/remote/oip-tensors";
import { runBatches } from "../../src/core/models/run-batches";
import type { BatchRunner } from "../../src/core/models/batch-runner";
import { remoteBaseUrl, remoteUrlProblem } from "../../src/core/remote/remote-options";
import { oipErrorText } from "../../src/core/remote/oip-errors";

const NEEDS = { inputs: ["input_ids", "attention_mask"], optionalInputs: ["position_ids"], output: "logits" };
const tensor = (name: string, datatype = "INT64", shape = [-1, -1]) => ({ name, datatype, shape });

test("an infer request: INT64 [batch, sequence] tensors with row-major data, right-padded; position_ids only when asked", () => {
  const batch = padBatch([[5, 6, 7], [8]], 0);
  const body = JSON.parse(inferRequestBody(batch, ["input_ids", "attention_mask", "position_ids"], "logits")) as { inputs: { name: string; datatype: string; shape: number[]; data: number[] }[]; outputs: { name: string }[] };
  assert.deepEqual(body.inputs, [
    { name: "input_ids", datatype: "INT64", shape: [2, 3], data: [5, 6, 7, 8, 0, 0] },
    { name: "attention_mask", datatype: "INT64", shape: [2, 3], data: [1, 1, 1, 1, 0, 0] },
    { name: "position_ids", datatype: "INT64", shape: [2, 3], data: [0, 1, 2, 0, 1, 2] },
  ]);
  assert.deepEqual(body.outputs, [{ name: "logits" }]);
  assert.deepEqual((JSON.parse(inferRequestBody(batch, ["input_ids", "attention_mask"], "logits")) as { inputs: unknown[] }).inputs.length, 2);
});

test("logits from a response: [B] or [B, 1], flat or nested data, as float32; anything else named", () => {
  const out = (o: Record<string, unknown>) => ({ model_name: "m", outputs: [{ name: "logits", datatype: "FP32", shape: [2], data: [0.5, -1.25], ...o }] });
  assert.deepEqual([...readLogits(out({}), "logits", 2)], [0.5, -1.25]);
  assert.deepEqual([...readLogits(out({ shape: [2, 1], data: [[0.5], [-1.25]] }), "logits", 2)], [0.5, -1.25]);
  assert.deepEqual([...readLogits(out({ data: [0.1, 0.2] }), "logits", 2)], [Math.fround(0.1), Math.fround(0.2)]);
  assert.throws(() => readLogits(out({ datatype: "FP16" }), "logits", 2), /output logits came back as FP16, expected FP32/);
  assert.throws(() => readLogits(out({ shape: [3] }), "logits", 2), /came back with shape \[3\], expected \[2\] or \[2, 1\]/);
  assert.throws(() => readLogits(out({ data: [1] }), "logits", 2), /output logits has 1 values for a batch of 2/);
  assert.throws(() => readLogits(out({ data: [1, "x"] }), "logits", 2), /output logits value 1 is "x", not a finite number/);
  assert.throws(() => readLogits({ outputs: [{ name: "scores" }] }, "logits", 2), /the response has no output logits \(it has scores\)/);
  assert.throws(() => readLogits({ error: "boom" }, "logits", 2), /not an inference response/);
});

test("metadata check: what to send, and every mismatch in one message", () => {
  const meta = (inputs: ReturnType<typeof tensor>[], outputs = [tensor("logits", "FP32", [-1])]) => parseModelMetadata({ name: "m", versions: ["1"], platform: "onnxruntime_onnx", inputs, outputs });
  assert.deepEqual(checkModelMetadata(meta([tensor("input_ids"), tensor("attention_mask")]), NEEDS).send, ["input_ids", "attention_mask"]);
  assert.deepEqual(checkModelMetadata(meta([tensor("input_ids"), tensor("attention_mask"), tensor("position_ids")], [tensor("logits", "FP32", [-1, 1])]), NEEDS).send, ["input_ids", "attention_mask", "position_ids"]);
  assert.throws(() => checkModelMetadata(meta([tensor("input_ids")]), NEEDS), /^Error: input attention_mask is missing \(the model has inputs input_ids; outputs logits\)$/);
  assert.throws(() => checkModelMetadata(meta([tensor("input_ids", "INT64", [-1]), tensor("attention_mask")]), NEEDS), /input input_ids has shape \[-1\], the engine sends \[batch, sequence\] \(rank 2\)/);
  assert.throws(() => checkModelMetadata(meta([tensor("input_ids"), tensor("attention_mask")], [tensor("logits", "FP32", [-1, 2])]), NEEDS), /output logits has shape \[-1, 2\], the engine needs one logit per row/);
  assert.throws(() => checkModelMetadata(meta([tensor("input_ids"), tensor("attention_mask")], [tensor("logits", "FP16", [-1])]), NEEDS), /output logits is FP16, the engine reads FP32/);
  assert.throws(() => parseModelMetadata({ inputs: [{ name: "x" }], outputs: [] }), /inputs\[0\] is not a tensor description/);
});

test("URLs: credentials never shown, only http(s) accepted; the server's {error} text read from any body", () => {
  assert.equal(remoteBaseUrl("http://user:secret@gpu:8000/prefix/?x=1"), "http://gpu:8000/prefix");
  assert.equal(remoteUrlProblem("https://triton.example.com"), undefined);
  assert.match(remoteUrlProblem("gpu:8000") ?? "", /not an http\(s\) URL/);
  assert.match(remoteUrlProblem("not a url") ?? "", /is not a URL/);
  assert.equal(oipErrorText('{"error":"model not ready"}'), "model not ready");
  assert.equal(oipErrorText('{"error":{"message":"bad input"}}'), "bad input");
  assert.equal(oipErrorText("<html>502</html>"), undefined);
});

/** A runner that answers each batch with its row count, after the test lets it (counts what is in flight). */
function gatedRunner(concurrency: number) {
  const pending: Array<{ batch: PaddedBatch; resolve: (v: Float32Array) => void; reject: (e: Error) => void }> = [];
  let inFlight = 0;
  let peak = 0;
  const runner: BatchRunner = {
    concurrency,
    run: (batch, signal) =>
      new Promise<Float32Array>((resolve, reject) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        let settled = false;
        const done = () => {
          if (!settled) inFlight--;
          settled = true;
        };
        signal?.addEventListener("abort", () => (done(), reject(Object.assign(new Error("cancelled"), { name: "AbortError" }))), { once: true });
        pending.push({ batch, resolve: (v) => (done(), resolve(v)), reject: (e) => (done(), reject(e)) });
      }),
    release: async () => undefined,
  };
  return { runner, pending, peak: () => peak, inFlight: () => inFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

test("runBatches: at most `concurrency` in flight, results by batch index whatever order they finish in", async () => {
  const g = gatedRunner(2);
  const got: number[] = [];
  const batches = [1, 2, 3, 4, 5].map((n) => padBatch([Array(n).fill(1)], 0));
  const run = runBatches(g.runner, 5, (k) => batches[k], (k, logits) => (got[k] = logits[0]));
  for (let answered = 0; answered < 5; answered++) {
    await tick();
    assert.ok(g.inFlight() <= 2);
    // Answer the newest first: out of order.
    const p = g.pending.pop()!;
    p.resolve(Float32Array.of(p.batch.dims[1] * 10));
  }
  await run;
  assert.deepEqual(got, [10, 20, 30, 40, 50]);
  assert.equal(g.peak(), 2);
});

test("runBatches: the first failure stops the rest and is the one thrown; a local runner (no concurrency) goes one at a time", async () => {
  const g = gatedRunner(3);
  const run = runBatches(g.runner, 6, () => padBatch([[1]], 0), () => undefined);
  await tick();
  assert.equal(g.pending.length, 3);
  g.pending[1].reject(new Error("HTTP 500 from the server"));
  await assert.rejects(run, /HTTP 500 from the server/);
  assert.equal(g.pending.length, 3, "no batch sent after the failure");
  assert.equal(g.inFlight(), 0, "the others were cancelled");

  const seq = gatedRunner(1);
  const order: number[] = [];
  const local: BatchRunner = { run: seq.runner.run, release: seq.runner.release };
  const done = runBatches(local, 3, () => padBatch([[1]], 0), (k) => order.push(k));
  for (let i = 0; i < 3; i++) {
    await tick();
    assert.equal(seq.inFlight(), 1);
    seq.pending.shift()!.resolve(Float32Array.of(0));
  }
  await done;
  assert.deepEqual(order, [0, 1, 2]);

  const ac = new AbortController();
  const g2 = gatedRunner(2);
  const cancelled = runBatches(g2.runner, 4, () => padBatch([[1]], 0), () => undefined, ac.signal);
  await tick();
  ac.abort();
  await assert.rejects(cancelled, (e: Error) => e.name === "AbortError");
  assert.equal(g2.pending.length, 2);
});
