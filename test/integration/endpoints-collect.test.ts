import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { collect, type SampleRef } from "../../src/core/endpoints/collect";
import { collectAnswers } from "../../src/core/chat/collect-answers";
import type { EndpointConfig } from "../../src/core/engine-options";
import type { ProgressEvent } from "../../src/core/types";
import { FAST_CLIENT, endpointModel, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

let srv: OpenAiTestServer;
const ep = (id: string, model: string, extra: Partial<EndpointConfig> = {}): EndpointConfig => ({ id, baseUrl: srv.url, model, ...extra });

before(async () => {
  srv = await startOpenAiServer();
});
after(() => srv.close());
beforeEach(() => srv.reset());

test("one failing endpoint out of four leaves three answers and one error", async () => {
  const deltas = new Map<string, string>();
  const progress: ProgressEvent[] = [];
  const ex = await collect(
    { prompt: "Explain recursion.", id: "q1" },
    [ep("alpha", "echo-alpha"), ep("broken", "fail"), ep("gamma", "echo-gamma"), ep("delta", "echo-delta", { systemPrompt: "Be terse." })],
    { clientOptions: FAST_CLIENT, onDelta: (r: SampleRef, t) => deltas.set(r.candidate, (deltas.get(r.candidate) ?? "") + t), onProgress: (e) => progress.push(e) },
  );
  assert.equal(ex.id, "q1");
  assert.equal(ex.instruction, "Explain recursion.");
  assert.equal(ex.input, "");
  assert.deepEqual(ex.candidates.map((c) => c.model), ["alpha", "gamma", "delta"]);
  assert.equal(ex.candidates[0].text, "echo-alpha answer: Explain recursion.");
  assert.equal(deltas.get("gamma"), "echo-gamma answer: Explain recursion.");
  const m = ex.candidates[2].meta!;
  assert.equal(m.endpoint, "delta");
  assert.equal(m.finishReason, "stop");
  assert.equal(m.completionTokens, 4);
  assert.ok(m.promptTokens! > 0 && m.latencyMs! >= 0);
  assert.equal(ex.errors?.length, 1);
  assert.equal(ex.errors![0].endpoint, "broken");
  // The issue names the endpoint (where: "endpoint broken"); the message does not say it again.
  assert.equal(ex.errors![0].where, "endpoint broken");
  assert.match(ex.errors![0].message, /^HTTP 500/);
  assert.deepEqual(progress.at(-1), { stage: "collect", done: 4, total: 4, message: progress.at(-1)!.message });
  const delta = srv.requests.find((q) => q.model === "echo-delta")!;
  assert.deepEqual(delta.body.messages, [{ role: "system", content: "Be terse." }, { role: "user", content: "Explain recursion." }]);
});

test("n samples per endpoint are named id#k; input is appended to the prompt", async () => {
  const ex = await collect({ prompt: "Translate:", input: "bonjour" }, [ep("a", "echo-a", { n: 3 }), ep("b", "echo-b")], { clientOptions: FAST_CLIENT, stream: false });
  assert.deepEqual(ex.candidates.map((c) => c.model), ["a#1", "a#2", "a#3", "b"]);
  assert.equal(ex.input, "bonjour");
  assert.equal(ex.candidates[3].text, "echo-b answer: Translate:\n\nbonjour");
  assert.match(ex.id, /^collect-[0-9a-f]{12}$/);
  assert.deepEqual(ex.errors, []);
  assert.equal(srv.requests.length, 4);
});

test("empty answers and missing keys are errors for their endpoint only", async () => {
  const ex = await collect({ prompt: "hi" }, [ep("e", "empty"), ep("k", "echo-k", { apiKeyEnv: "SOME_KEY" }), ep("ok", "echo-ok")], { clientOptions: FAST_CLIENT });
  assert.deepEqual(ex.candidates.map((c) => c.model), ["ok"]);
  assert.deepEqual(ex.errors!.map((e) => e.endpoint), ["e", "k"]);
  assert.match(ex.errors![0].message, /returned an empty answer/);
  assert.match(ex.errors![1].message, /SOME_KEY \(apiKeyEnv\) is not set/);
});

test("cancelling collect rejects with AbortError and closes the connections", async () => {
  const ac = new AbortController();
  const run = collect({ prompt: "hi" }, [ep("h1", "hang"), ep("h2", "hang"), ep("s", "stall")], { clientOptions: FAST_CLIENT, signal: ac.signal });
  await srv.waitForInFlight(3);
  ac.abort();
  await assert.rejects(run, { name: "AbortError" });
  await srv.waitForInFlight(0, 1_000);
});

test("collectAnswers sends the conversation's history before the prompt, after the model's system prompt", async () => {
  const ex = await collectAnswers(
    { prompt: "And in French?", history: [{ role: "user", content: "Say hello." }, { role: "assistant", content: "Hello!" }] },
    [{ model: endpointModel(ep("s", "echo-s", { systemPrompt: "Be brief." })) }, { model: endpointModel(ep("t", "echo-t")), n: 2 }],
  );
  assert.deepEqual(ex.candidates.map((c) => c.model), ["s", "t#1", "t#2"]);
  assert.equal(ex.instruction, "And in French?");
  assert.deepEqual(srv.requests.find((q) => q.model === "echo-s")!.body.messages, [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Say hello." },
    { role: "assistant", content: "Hello!" },
    { role: "user", content: "And in French?" },
  ]);
  assert.equal(srv.requests.filter((q) => q.model === "echo-t").length, 2);
});
