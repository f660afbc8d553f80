// The vscode.lm implementation of the core ChatModel against VS Code's Language Model API
// faked at its edge (fake-vscode: selectChatModels, LanguageModelChatMessage, LanguageModelError,
// CancellationTokenSource), and the real judge ranker and llm fuser on top of it.
import "../helpers/install-fake-vscode";
import { test, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { chatModel, chunks, forwardTo, messageText, streamed, untilCancelled } from "../helpers/lm-models";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { LM_CONCURRENCY, LmChatModel, toLmMessages } from "../../src/vscode/lm-chat-model";
import { ChatModelError, type ChatErrorKind } from "../../src/core/chat/errors";
import { isAbortError } from "../../src/core/errors";
import { JudgeRanker } from "../../src/core/rank/engines/judge";
import { LlmFuser } from "../../src/core/fuse/engines/llm";
import { rankExample } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import { JUDGE_SYSTEM_PROMPT } from "../../src/core/rank/engines/judge-prompt";
import { ModelCatalogue } from "../../src/vscode/model-catalogue";
import { readSettings, SETTINGS_SECTION } from "../../src/vscode/settings";

let server: OpenAiTestServer | undefined;
after(async () => server?.close());
beforeEach(() => vscode.resetFake());

const adapt = (m: vscode.FakeLanguageModelChat) => new LmChatModel(m as never);

test("info: vendor/id, name, family, version, max input tokens; no logprobs", () => {
  const m = adapt(chatModel("gpt-4o", () => [], { vendor: "copilot", family: "gpt-4o", name: "GPT-4o", maxInputTokens: 64000, version: "2024-11" }));
  assert.deepEqual(m.info, { id: "copilot/gpt-4o", name: "GPT-4o", vendor: "copilot", family: "gpt-4o", version: "2024-11", maxInputTokens: 64000, key: "vscode-lm:copilot/gpt-4o@2024-11" });
  assert.equal(m.capabilities.logprobs, false);
});

test("messages: system text goes into the first user message; assistant turns stay; a lone system message becomes a user one", () => {
  const out = toLmMessages([
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello." },
    { role: "user", content: "Capital of France?" },
  ]) as unknown as vscode.LanguageModelChatMessage[];
  assert.deepEqual(out.map((m) => [m.role, messageText(m)]), [
    [vscode.LanguageModelChatMessageRole.User, "Be brief.\n\nHi"],
    [vscode.LanguageModelChatMessageRole.Assistant, "Hello."],
    [vscode.LanguageModelChatMessageRole.User, "Capital of France?"],
  ]);
  const lone = toLmMessages([{ role: "system", content: "Only rules." }]) as unknown as vscode.LanguageModelChatMessage[];
  assert.deepEqual(lone.map((m) => [m.role, messageText(m)]), [[vscode.LanguageModelChatMessageRole.User, "Only rules."]]);
});

test("streaming: the deltas arrive in order and add up to the reply; the justification reaches VS Code", async () => {
  const text = "Paris is the capital of France, on the Seine.";
  const fake = chatModel("m", streamed(text, 5));
  const deltas: string[] = [];
  const reply = await adapt(fake).send({ messages: [{ role: "user", content: "Capital?" }], onDelta: (d) => deltas.push(d), justification: "to rank answers" });
  assert.equal(reply.text, text);
  assert.deepEqual(deltas, chunks(text, 5));
  assert.equal(reply.attempts, 1);
  assert.equal(typeof reply.latencyMs, "number");
  assert.equal(fake.requests[0].options.justification, "to rank answers");
  assert.equal(fake.requests[0].options.modelOptions, undefined, "no provider-specific options are guessed");
  // Without a listener the reply is still read whole.
  assert.equal((await adapt(fake).send({ messages: [{ role: "user", content: "again" }] })).text, text);
});

test("countTokens asks the model's own tokenizer", async () => {
  const m = adapt(chatModel("m", () => []));
  assert.equal(await m.countTokens("one two  three\nfour"), 4);
});

const failures: Array<[string, () => Error, ChatErrorKind, RegExp, boolean]> = [
  ["NoPermissions", () => vscode.LanguageModelError.NoPermissions("The user did not consent."), "auth", /no consent/, false],
  ["Blocked", () => vscode.LanguageModelError.Blocked("Response was filtered."), "blocked", /blocked/, false],
  ["Blocked (quota)", () => vscode.LanguageModelError.Blocked("You have exceeded your monthly quota."), "rate-limit", /rate limit or quota/, true],
  ["NotFound", () => vscode.LanguageModelError.NotFound("Model gpt-9 is gone."), "not-found", /model not found/, false],
  ["Unknown with a rate-limit cause", () => new vscode.LanguageModelError("Request failed", "Unknown", new Error("429 Too Many Requests")), "rate-limit", /rate limit/, true],
  ["a network error", () => new Error("fetch failed: ECONNREFUSED 127.0.0.1:443"), "network", /unreachable/, true],
  ["a timeout", () => new Error("Request timed out after 30s"), "timeout", /timed out/, true],
  ["anything else", () => new Error("Internal provider failure"), "server", /model error/, true],
];

for (const [what, make, kind, reason, retryable] of failures) {
  test(`a LanguageModelError kind: ${what} → ${kind}, with the model's id and reason`, async () => {
    const fake = chatModel("flaky", () => {
      throw make();
    }, { vendor: "acme" });
    const err = await adapt(fake)
      .send({ messages: [{ role: "user", content: "hi" }] })
      .then(() => assert.fail("should have failed"), (e: unknown) => e);
    assert.ok(err instanceof ChatModelError, String(err));
    assert.equal(err.kind, kind);
    assert.equal(err.model, "acme/flaky");
    assert.equal(err.retryable, retryable);
    assert.match(err.message, /^acme\/flaky: /);
    assert.match(err.message, reason);
  });
}

test("an error in the middle of the stream: broken off after text, or the LanguageModelError's own kind", async () => {
  const broken = chatModel("m", () =>
    (async function* () {
      yield "Half an ans";
      throw new Error("socket hang up");
    })(),
  );
  const seen: string[] = [];
  const e1 = await adapt(broken).send({ messages: [{ role: "user", content: "x" }], onDelta: (d) => seen.push(d) }).catch((e: ChatModelError) => e);
  assert.equal((e1 as ChatModelError).kind, "stream-broken");
  assert.deepEqual(seen, ["Half an ans"]);
  const filtered = chatModel("m", () =>
    (async function* () {
      yield "Sure, here is";
      throw vscode.LanguageModelError.Blocked("Content filter");
    })(),
  );
  const e2 = await adapt(filtered).send({ messages: [{ role: "user", content: "x" }] }).catch((e: ChatModelError) => e);
  assert.equal((e2 as ChatModelError).kind, "blocked");
});

test("cancellation: the AbortSignal cancels VS Code's token, the call rejects with an AbortError, nothing streams after it", async () => {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const fake = chatModel("slow", (req) =>
    (async function* () {
      yield "first ";
      yield* untilCancelled(started)(req) as AsyncIterable<string>;
      yield "never";
    })(),
  );
  const ac = new AbortController();
  const deltas: string[] = [];
  const pending = adapt(fake).send({ messages: [{ role: "user", content: "x" }], signal: ac.signal, onDelta: (d) => deltas.push(d) });
  await running;
  ac.abort();
  const err = await pending.catch((e: unknown) => e);
  assert.ok(isAbortError(err), String(err));
  assert.equal(fake.requests[0].token.isCancellationRequested, true, "the request's token was cancelled");
  assert.deepEqual(deltas, ["first "]);

  // Already cancelled: no request is made at all.
  const before = fake.requests.length;
  const aborted = AbortSignal.abort();
  assert.ok(isAbortError(await adapt(fake).send({ messages: [{ role: "user", content: "x" }], signal: aborted }).catch((e: unknown) => e)));
  assert.equal(fake.requests.length, before);
});

test("cancellation does not wait for a provider that ignores VS Code's token: the call rejects at once, its turn is freed", { timeout: 10_000 }, async () => {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const deaf = chatModel("deaf", () =>
    (async function* () {
      yield "first ";
      started();
      await new Promise(() => undefined); // never ends, whatever the token says
    })(),
  );
  const model = adapt(deaf);
  const ac = new AbortController();
  const pending = model.send({ messages: [{ role: "user", content: "x" }], signal: ac.signal });
  await running;
  ac.abort();
  assert.ok(isAbortError(await pending.catch((e: unknown) => e)));
  // Its place in the per-model limit is free again: as many new requests as the limit all start.
  let began = 0;
  deaf.behaviour = () =>
    (async function* () {
      began++;
      yield "ok";
    })();
  const replies = await Promise.all(Array.from({ length: LM_CONCURRENCY }, () => model.send({ messages: [{ role: "user", content: "y" }] })));
  assert.deepEqual(replies.map((r) => r.text), Array(LM_CONCURRENCY).fill("ok"));
  assert.equal(began, LM_CONCURRENCY);

  // A provider whose sendRequest itself never resolves: the same.
  const stuck = chatModel("stuck", () => (async function* () {})());
  stuck.sendRequest = () => new Promise(() => undefined);
  const ac2 = new AbortController();
  const pending2 = adapt(stuck).send({ messages: [{ role: "user", content: "x" }], signal: ac2.signal });
  await new Promise((r) => setImmediate(r));
  ac2.abort();
  assert.ok(isAbortError(await pending2.catch((e: unknown) => e)));
});

test(`at most ${LM_CONCURRENCY} requests per model are in flight; the rest wait their turn`, async () => {
  let inFlight = 0;
  let peak = 0;
  const fake = chatModel("m", () =>
    (async function* () {
      peak = Math.max(peak, ++inFlight);
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      inFlight--;
      yield "ok";
    })(),
  );
  const m = adapt(fake);
  const replies = await Promise.all(Array.from({ length: 10 }, () => m.send({ messages: [{ role: "user", content: "x" }] })));
  assert.equal(replies.length, 10);
  assert.equal(fake.requests.length, 10);
  assert.equal(peak, LM_CONCURRENCY);
});

test("the judge ranker on a VS Code model: verdict letters (no logprobs), every pair in both orders, the system prompt folded in", async () => {
  server ??= await startOpenAiServer();
  const fake = chatModel("judge", forwardTo(server.url, "judge-long"), { vendor: "copilot" });
  const judge = new JudgeRanker(adapt(fake));
  const example = {
    id: "q",
    instruction: "How do I undo the last git commit?",
    input: "",
    candidates: [
      { model: "a", text: "git revert HEAD" },
      { model: "b", text: "Use git reset --soft HEAD~1 to undo the commit and keep the changes staged." },
      { model: "c", text: "git reset HEAD~1 keeps the changes unstaged." },
    ],
  };
  const rank = await rankExample(example, judge, { plan: "full", aggregate: "max-logits", seed: 0, topK: 3 }, new PairCache());
  assert.deepEqual(rank.ranking.map((r) => r.model), ["b", "c", "a"]);
  assert.equal(fake.requests.length, 6, "3 answers: 6 ordered pairs");
  assert.equal(judge.softScored, 0);
  assert.equal(judge.hardScored, 6);
  const first = fake.requests[0].messages;
  assert.equal(first.length, 1);
  assert.ok(messageText(first[0]).startsWith(JUDGE_SYSTEM_PROMPT + "\n\n"), "judge system prompt at the top of the user message");
  assert.match(fake.requests[0].options.justification ?? "", /judge/);
  assert.ok(server.requests.every((r) => r.body.logprobs === undefined), "no logprobs are asked for");
});

test("the llm fuser on a VS Code model streams its answer token by token", async () => {
  const fused = "Use `git reset --soft HEAD~1`: the commit is undone and its changes stay staged.";
  const fake = chatModel("fuser", streamed(fused, 7));
  const fuser = new LlmFuser(adapt(fake));
  const tokens: string[] = [];
  const text = await fuser.fuse({ instruction: "Undo a commit?", input: "", ranked: [{ model: "a", text: "git reset --soft HEAD~1" }] }, { onToken: (t) => tokens.push(t) });
  assert.equal(text, fused);
  assert.equal(tokens.join(""), fused);
  assert.ok(tokens.length > 5);
  assert.equal(fuser.label, "LLM fusion (fuser)");
});

test("the catalogue: VS Code models then endpoints; read again after onDidChangeChatModels, keeping each model's object", async () => {
  vscode.registry.chatModels = [chatModel("gpt-4o", () => ["a"], { vendor: "copilot", name: "GPT-4o" }), chatModel("local", () => ["b"], { vendor: "ollama" })];
  vscode.settings.global.set("endpoints", [{ id: "ep", baseUrl: "http://127.0.0.1:9/v1", model: "m", roles: ["judge"] }]);
  vscode.settings.global.set("samplesPerModel", 2);
  const settings = () => readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
  const catalogue = new ModelCatalogue({ settings, secrets: new vscode.FakeSecrets() });
  await catalogue.ensure();
  await catalogue.ensure();
  assert.equal(vscode.registry.chatModelSelects, 1, "read once until VS Code says the list changed");
  const entries = catalogue.entries();
  assert.deepEqual(entries.map((e) => [e.id, e.origin, e.n]), [["copilot/gpt-4o", "vscode", 2], ["ollama/local", "vscode", 2], ["ep", "endpoint", 1]]);
  assert.deepEqual(entries[2].roles, ["judge"]);
  const gpt = catalogue.chatModel("copilot/gpt-4o");
  assert.ok(gpt);
  assert.equal(catalogue.chatModel("ep"), undefined, "configured endpoints come with their keys from the engine options");
  assert.ok(catalogue.reachable("ep") && catalogue.reachable("ollama/local") && !catalogue.reachable("copilot/o3"));

  vscode.setChatModels([chatModel("gpt-4o", () => ["new"], { vendor: "copilot", name: "GPT-4o", version: "2" })]);
  await catalogue.ensure();
  assert.equal(vscode.registry.chatModelSelects, 2);
  assert.deepEqual(catalogue.entries().map((e) => e.id), ["copilot/gpt-4o", "ep"]);
  assert.equal(catalogue.chatModel("copilot/gpt-4o"), gpt, "the same object, now sending to the new model");
  assert.equal(gpt.info.key, "vscode-lm:copilot/gpt-4o@2");
  assert.equal((await gpt.send({ messages: [{ role: "user", content: "x" }] })).text, "new");
  assert.equal(catalogue.chatModel("ollama/local"), undefined);
  catalogue.dispose();
});
