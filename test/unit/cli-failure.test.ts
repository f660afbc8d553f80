// The CLI's top-level handler: every error class becomes one line and its exit code; --debug adds the stack.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { describeFailure, takeDebugFlag } from "../../src/cli/failure";
import { main, registerCommand } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { ChatModelError } from "../../src/core/chat/errors";
import { ChatClient } from "../../src/core/endpoints/client";
import { EndpointError } from "../../src/core/endpoints/errors";
import { abortError, InputError, ModelError } from "../../src/core/errors";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

let srv: OpenAiTestServer;
before(async () => {
  srv = await startOpenAiServer({ slowMs: 5_000 });
});
after(() => srv.close());

function io(): CliIO & { errText: () => string } {
  let err = "";
  return { out: () => undefined, err: (s) => (err += s), errIsTTY: false, env: {}, signal: new AbortController().signal, errText: () => err };
}

test("each error class: one line, its exit code, no stack unless asked", async () => {
  // Each client has one short limit, the other far away: a busy machine cannot swap which one fires.
  const stallClient = new ChatClient({ firstByteTimeoutMs: 30_000, idleTimeoutMs: 150, maxRetries: 0 });
  const slowClient = new ChatClient({ firstByteTimeoutMs: 150, idleTimeoutMs: 30_000, maxRetries: 0 });
  const ep = (model: string) => ({ id: `ep-${model}`, baseUrl: srv.url, model });
  const stalled = await stallClient.complete(ep("stall"), { messages: [{ role: "user", content: "hi" }], stream: true, onDelta: () => undefined }).catch((e: unknown) => e);
  const slow = await slowClient.complete(ep("slow"), { messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
  assert.ok(stalled instanceof EndpointError && slow instanceof EndpointError);
  const cases: Array<[unknown, number, RegExp]> = [
    [new InputError("must be a string", "set.jsonl", 3, "id"), 2, /^answer-blender: set\.jsonl:3: field "id": must be a string\n$/],
    [abortError(), 130, /^answer-blender: cancelled\n$/],
    [new ModelError("model folder /x does not exist"), 1, /^answer-blender: model folder \/x does not exist\n$/],
    [new EndpointError('endpoint "j": HTTP 401 Unauthorized: not authorised', "auth", "j", 401), 1, /^answer-blender: endpoint "j": HTTP 401 Unauthorized: not authorised\n$/],
    [stalled, 1, /^answer-blender: endpoint "ep-stall": the stream stalled: no data for 150 ms \(idle timeout\) after 8 characters\n$/],
    [slow, 1, /^answer-blender: endpoint "ep-slow": no response within 150 ms \(first-byte timeout\)\n$/],
    [new ChatModelError("copilot/gpt-4o: no consent\nto use the model", "auth", "copilot/gpt-4o"), 1, /^answer-blender: copilot\/gpt-4o: no consent to use the model\n$/],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), 1, /^answer-blender: internal error: Cannot read properties of undefined \(reading 'x'\) \(run again with --debug for the stack trace\)\n$/],
    ["a thrown string \x1b[2J", 1, /^answer-blender: internal error: a thrown string \\x1b\[2J \(run/],
  ];
  for (const [e, code, text] of cases) {
    const f = describeFailure(e);
    assert.equal(f.code, code, String(e));
    assert.match(f.text, text);
    assert.doesNotMatch(f.text, /\n\s+at /);
  }
  const withStack = describeFailure(new TypeError("boom"), true);
  assert.match(withStack.text, /^answer-blender: internal error: boom\nTypeError: boom\n\s+at /);
});

test("main(): --debug anywhere before -- is the CLI's own flag and shows the stack; without it one line", async () => {
  registerCommand("test-throw", async () => async (argv) => {
    assert.ok(!argv.includes("--debug"));
    throw new RangeError(`bad ${argv.join(" ")}`);
  });
  const plain = io();
  assert.equal(await main(["test-throw", "x"], plain), 1);
  assert.equal(plain.errText(), "answer-blender: internal error: bad x (run again with --debug for the stack trace)\n");
  const debug = io();
  assert.equal(await main(["test-throw", "--debug", "y"], debug), 1);
  assert.match(debug.errText(), /^answer-blender: internal error: bad y\nRangeError: bad y\n\s+at /);
  assert.deepEqual(takeDebugFlag(["rank", "--debug", "--", "--debug"]), { argv: ["rank", "--", "--debug"], debug: true });
});
