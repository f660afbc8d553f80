import { test } from "node:test";
import assert from "node:assert/strict";
import { InferenceWorker } from "../../src/core/worker/inference-worker";
import { LengthRanker } from "../../src/core/rank/engines/length";

test("an engine inside the inference worker gives the same logits as in place", async () => {
  const w = new InferenceWorker();
  try {
    const remote = await w.createRanker("length", {});
    assert.equal(remote.name, "length");
    const pairs = [
      { source: "q", a: "short", b: "a longer answer" },
      { source: "q", a: "ünïcödé ✓", b: "x" },
    ];
    assert.deepEqual(await remote.scorePairs(pairs), await new LengthRanker().scorePairs(pairs));
  } finally {
    await w.terminate();
  }
});

test("worker errors come back as errors with their message; unknown engines are named", async () => {
  const w = new InferenceWorker();
  try {
    await assert.rejects(w.createRanker("no-such-engine", {}), /unknown ranker "no-such-engine"/);
  } finally {
    await w.terminate();
  }
});

test("an aborted request rejects at once with AbortError", async () => {
  const w = new InferenceWorker();
  try {
    const r = await w.createRanker("length", {});
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(r.scorePairs([{ source: "", a: "a", b: "b" }], { signal: ac.signal }), { name: "AbortError" });
  } finally {
    await w.terminate();
  }
});
