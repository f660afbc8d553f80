// The scripted per-model behaviour of the local OpenAI-compatible test server (`script`), which
// the e2e chat models use: fixed replies, replies computed from the request (a judge reading both
// answers), HTTP failures, changed mid-run. Exercised through the project's real HTTP client.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ChatClient } from "../../src/core/endpoints/client";
import { EndpointError } from "../../src/core/endpoints/errors";
import { ANSWER_A_END, ANSWER_A_START, ANSWER_B_END, ANSWER_B_START } from "../../src/core/rank/engines/judge-prompt";
import { FAST_CLIENT, judgePair, startOpenAiServer, type OpenAiTestServer, type ScriptedModel } from "../helpers/openai-server";

const script: Record<string, ScriptedModel> = {
  fixed: { reply: "A scripted answer in five words." },
  judge: {
    reply: (req) => {
      const { a, b } = judgePair(req.prompt);
      return a.length >= b.length ? "A" : "B";
    },
  },
  down: { status: 503 },
  // Only a chunk delay: the built-in behaviour of the name stays ("echo" answer).
  "echo-slowish": { chunkDelayMs: 1 },
};
let srv: OpenAiTestServer;
const client = new ChatClient({ ...FAST_CLIENT, maxRetries: 0 });
const ask = (model: string, content: string, stream = true) => {
  const deltas: string[] = [];
  return client
    .complete({ id: model, baseUrl: srv.url, model }, { messages: [{ role: "user", content }], stream, onDelta: (d) => deltas.push(d) })
    .then((a) => ({ text: a.text, deltas }));
};

before(async () => {
  srv = await startOpenAiServer({ script });
});
after(() => srv.close());

test("a scripted reply streams in word chunks, whatever the prompt", async () => {
  const a = await ask("fixed", "anything");
  assert.equal(a.text, "A scripted answer in five words.");
  assert.deepEqual(a.deltas, ["A ", "scripted ", "answer ", "in ", "five ", "words."]);
  assert.equal((await ask("fixed", "else", false)).text, "A scripted answer in five words.");
});

test("a reply function reads the request: a judge prefers the longer of the two answers", async () => {
  const prompt = (a: string, b: string) => `Compare.\n${ANSWER_A_START}\n${a}\n${ANSWER_A_END}\n${ANSWER_B_START}\n${b}\n${ANSWER_B_END}\nAnswer A or B.`;
  assert.equal((await ask("judge", prompt("short", "a much longer answer"))).text, "B");
  assert.equal((await ask("judge", prompt("a much longer answer", "short"))).text, "A");
  assert.deepEqual(judgePair(prompt("x", "y")), { a: "x", b: "y" });
});

test("a scripted HTTP status fails the request; a script changed at run time applies to the next request", async () => {
  await assert.rejects(ask("down", "hello"), (e: unknown) => e instanceof EndpointError && /503/.test(e.message));
  script.down = { reply: "back up" };
  assert.equal((await ask("down", "hello")).text, "back up");
});

test("a chunk delay alone keeps the model name's built-in answer", async () => {
  assert.equal((await ask("echo-slowish", "ping")).text, "echo-slowish answer: ping");
});
