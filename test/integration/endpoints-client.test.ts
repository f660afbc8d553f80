import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ChatClient, type ClientOptions, type RetryEvent } from "../../src/core/endpoints/client";
import { EndpointError } from "../../src/core/endpoints/errors";
import type { EndpointConfig } from "../../src/core/engine-options";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

const KEY = "sk-test-abcdefghij0123456789";
const FAST: ClientOptions = { firstByteTimeoutMs: 2_000, idleTimeoutMs: 2_000, deadlineMs: 10_000, backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 2 };

let srv: OpenAiTestServer;
const ep = (model: string, extra: Partial<EndpointConfig> = {}): EndpointConfig => ({
  id: `ep-${model}`,
  baseUrl: srv.url,
  model,
  apiKeyEnv: "TEST_KEY",
  apiKey: KEY,
  ...extra,
});
/** Requests the server saw for a model (a late request of an earlier test never counts). */
const seen = (model: string) => srv.requests.filter((q) => q.model === model).length;
const ask = (text = "What is 2+2?") => [{ role: "user" as const, content: text }];

async function failure(p: Promise<unknown>): Promise<EndpointError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EndpointError, `expected an EndpointError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected the request to fail");
}

before(async () => {
  srv = await startOpenAiServer({ apiKey: KEY, slowMs: 3_000 });
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe("answers", () => {
  test("non-streamed: text, finish reason, token usage, latency; key sent as Bearer", async () => {
    const a = await new ChatClient(FAST).complete(ep("echo-a", { temperature: 0.3, maxTokens: 50 }), { messages: ask() });
    assert.equal(a.text, "echo-a answer: What is 2+2?");
    assert.equal(a.finishReason, "stop");
    assert.equal(a.completionTokens, 5);
    assert.ok(a.promptTokens! > 0);
    assert.ok(a.latencyMs >= 0);
    assert.equal(a.attempts, 1);
    const r = srv.requests[0];
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r.body.temperature, 0.3);
    assert.equal(r.body.max_tokens, 50);
    assert.equal(r.stream, false);
  });

  test("streamed: deltas arrive piece by piece and add up to the answer; usage from the last chunk", async () => {
    const deltas: string[] = [];
    const a = await new ChatClient(FAST).complete(ep("echo-b"), { messages: ask("tell me a story"), stream: true, onDelta: (d) => deltas.push(d) });
    assert.equal(a.text, "echo-b answer: tell me a story");
    assert.deepEqual(deltas, ["echo-b ", "answer: ", "tell ", "me ", "a ", "story"]);
    assert.equal(a.finishReason, "stop");
    assert.equal(a.completionTokens, 6);
    assert.ok(a.firstTokenMs !== undefined);
    assert.equal(srv.requests[0].stream, true);
    assert.deepEqual(srv.requests[0].body.stream_options, { include_usage: true });
  });

  test("a baseUrl given with /chat/completions or a trailing slash still works", async () => {
    const c = new ChatClient(FAST);
    assert.equal((await c.complete(ep("echo-c", { baseUrl: srv.url + "/" }), { messages: ask("x") })).text, "echo-c answer: x");
    assert.equal((await c.complete(ep("echo-c", { baseUrl: srv.url + "/chat/completions" }), { messages: ask("y") })).text, "echo-c answer: y");
  });
});

describe("timeouts", () => {
  test("a slow first byte hits the first-byte timeout (not retried)", async () => {
    const e = await failure(new ChatClient({ ...FAST, firstByteTimeoutMs: 300 }).complete(ep("slow"), { messages: ask() }));
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /endpoint "ep-slow": no response within 300 ms \(first-byte timeout\)/);
    await srv.waitForInFlight(0);
    assert.equal(srv.requests.filter((q) => q.model === "slow").length, 1);
  });

  test("a stalled stream hits the idle timeout and keeps what it streamed", async () => {
    const deltas: string[] = [];
    const e = await failure(
      new ChatClient({ ...FAST, idleTimeoutMs: 200 }).complete(ep("stall"), { messages: ask(), stream: true, onDelta: (d) => deltas.push(d) }),
    );
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /the stream stalled: no data for 200 ms \(idle timeout\) after 8 characters/);
    assert.deepEqual(deltas, ["partial "]);
    await srv.waitForInFlight(0);
    assert.equal(srv.requests.filter((q) => q.model === "stall").length, 1);
  });

  test("a stalled non-streamed body hits the idle timeout", async () => {
    const e = await failure(new ChatClient({ ...FAST, idleTimeoutMs: 200 }).complete(ep("stall"), { messages: ask() }));
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /the response stalled: no data for 200 ms/);
    await srv.waitForInFlight(0);
  });

  test("the overall deadline bounds a request, retries included", async () => {
    const e = await failure(new ChatClient({ ...FAST, deadlineMs: 200 }).complete(ep("slow"), { messages: ask() }));
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /within the overall deadline of 200 ms/);
    await srv.waitForInFlight(0);
  });
});

describe("retries", () => {
  test("429 with Retry-After waits what the server asks, then succeeds", async () => {
    srv.config.retryAfter = "1";
    const retries: RetryEvent[] = [];
    const a = await new ChatClient({ ...FAST, onRetry: (r) => retries.push(r) }).complete(ep("ratelimit"), { messages: ask() });
    assert.equal(a.text, "ratelimit answer: What is 2+2?");
    assert.equal(a.attempts, 2);
    assert.equal(seen("ratelimit"), 2);
    assert.equal(retries.length, 1);
    assert.equal(retries[0].delayMs, 1000);
    assert.equal(retries[0].fromRetryAfter, true);
    assert.match(retries[0].reason, /HTTP 429.*rate limited/);
  });

  test("a Retry-After longer than allowed fails at once with a clear message", async () => {
    srv.config.retryAfter = "120";
    const e = await failure(new ChatClient({ ...FAST, maxRetryAfterMs: 5_000 }).complete(ep("ratelimit-always"), { messages: ask() }));
    assert.equal(e.kind, "rate-limit");
    assert.match(e.message, /retry after 120 s, longer than the 5 s allowed/);
    assert.equal(seen("ratelimit-always"), 1);
  });

  test("500 then 200 is retried with backoff", async () => {
    const retries: RetryEvent[] = [];
    const a = await new ChatClient({ ...FAST, onRetry: (r) => retries.push(r) }).complete(ep("flaky"), { messages: ask() });
    assert.equal(a.text, "flaky answer: What is 2+2?");
    assert.equal(a.attempts, 2);
    assert.equal(retries.length, 1);
    assert.equal(retries[0].fromRetryAfter, false);
    // first backoff: base 5 ms with equal jitter → 3..5 ms
    assert.ok(retries[0].delayMs >= 2 && retries[0].delayMs <= 5, `delay ${retries[0].delayMs}`);
  });

  test("a server that keeps failing is tried maxRetries+1 times, then reported", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("fail"), { messages: ask() }));
    assert.equal(e.kind, "server");
    assert.equal(e.status, 500);
    assert.match(e.message, /HTTP 500.*server error: The server had an error.*\(after 3 attempts\)/);
    assert.equal(seen("fail"), 3);
  });

  test("a refused connection is retried and then reported", async () => {
    const dead = await startOpenAiServer();
    const url = dead.url;
    await dead.close();
    const e = await failure(new ChatClient(FAST).complete(ep("echo", { baseUrl: url }), { messages: ask() }));
    assert.equal(e.kind, "network");
    assert.match(e.message, /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: connection refused.*\(after 3 attempts\)/);
  });
});

describe("fail fast with clear messages", () => {
  test("401: the key was rejected, named by its variable, never shown", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("echo", { apiKey: "sk-wrong-key-0000000000" }), { messages: ask() }));
    assert.equal(e.kind, "auth");
    assert.match(e.message, /HTTP 401.*not authorised, the server rejected the API key from TEST_KEY/);
    assert.doesNotMatch(e.message, /sk-wrong-key/);
    assert.equal(seen("echo"), 1);
  });

  test("401 without a key says how to give one", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("echo", { apiKey: undefined, apiKeyEnv: undefined }), { messages: ask() }));
    assert.equal(e.kind, "auth");
    assert.match(e.message, /no API key was sent \(CLI: name its environment variable with "apiKeyEnv"; VS Code: "Answer Blender: Set API Key"\)/);
  });

  test("403 is an auth error too", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("forbidden"), { messages: ask() }));
    assert.equal(e.kind, "auth");
    assert.match(e.message, /HTTP 403.*forbidden/);
  });

  test("a configured apiKeyEnv whose variable is unset fails before any request", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("echo", { apiKey: undefined }), { messages: ask() }));
    assert.equal(e.kind, "no-key");
    assert.match(e.message, /environment variable TEST_KEY \(apiKeyEnv\) is not set/);
    assert.equal(seen("echo"), 0);
  });

  test("malformed JSON", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("badjson"), { messages: ask() }));
    assert.equal(e.kind, "bad-response");
    assert.match(e.message, /endpoint "ep-badjson": the response is not valid JSON: \{"id":"chatcmpl-test"/);
    assert.equal(seen("badjson"), 1);
  });

  test("an HTML page instead of JSON names the content type", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("html"), { messages: ask() }));
    assert.match(e.message, /expected JSON .* but got content type "text\/html; charset=utf-8" \(is baseUrl an OpenAI-compatible API\?\)/);
  });

  test("404: wrong model or wrong base URL", async () => {
    const c = new ChatClient(FAST);
    const m = await failure(c.complete(ep("missing"), { messages: ask() }));
    assert.equal(m.kind, "not-found");
    assert.match(m.message, /HTTP 404.*check baseUrl .* and that model "missing" exists: The model `missing` does not exist/);
    const u = await failure(c.complete(ep("echo", { baseUrl: srv.url.replace(/\/v1$/, "") }), { messages: ask() }));
    assert.match(u.message, /not found at http:\/\/127\.0\.0\.1:\d+\/chat\/completions; check baseUrl \(OpenAI-compatible servers usually end in \/v1\)/);
  });
});

describe("broken connections", () => {
  test("a connection reset mid-stream fails with the partial length and is not retried", async () => {
    const deltas: string[] = [];
    const e = await failure(new ChatClient(FAST).complete(ep("reset"), { messages: ask(), stream: true, onDelta: (d) => deltas.push(d) }));
    assert.equal(e.kind, "stream-broken");
    assert.match(e.message, /connection lost mid-stream after 13 characters/);
    assert.deepEqual(deltas, ["first ", "second "]);
    assert.equal(seen("reset"), 1);
  });

  test("a reset before any data is retried like a connection error", async () => {
    const e = await failure(new ChatClient(FAST).complete(ep("reset"), { messages: ask() }));
    assert.equal(e.kind, "network");
    assert.match(e.message, /connection lost while reading the response/);
    assert.equal(seen("reset"), 3);
  });
});

describe("concurrency and cancellation", () => {
  test("no more requests in flight than the concurrency limit", async () => {
    srv.config.chunkDelayMs = 5;
    try {
      const c = new ChatClient({ ...FAST, concurrency: 2 });
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => c.complete(ep(`echo-${i}`), { messages: ask("one two three four"), stream: true })));
      assert.equal(answers.length, 6);
      assert.equal(srv.peakInFlight(), 2);
    } finally {
      srv.config.chunkDelayMs = 0;
    }
  });

  test("abort stops every in-flight request: the server sees the connections close within 100 ms", async () => {
    const own = await startOpenAiServer();
    try {
      const c = new ChatClient({ ...FAST, concurrency: 8 });
      const ac = new AbortController();
      const e = (model: string): EndpointConfig => ({ id: model, baseUrl: own.url, model });
      const pending = [
        c.complete(e("hang"), { messages: ask(), signal: ac.signal }),
        c.complete(e("hang"), { messages: ask(), signal: ac.signal, stream: true }),
        c.complete(e("stall"), { messages: ask(), signal: ac.signal, stream: true }),
        c.complete(e("stall"), { messages: ask(), signal: ac.signal }),
      ];
      const settled = Promise.allSettled(pending);
      await own.waitForInFlight(4);
      assert.equal(own.openSockets(), 4);
      const t0 = performance.now();
      ac.abort();
      await own.waitForInFlight(0, 2_000);
      while (own.openSockets() > 0) await new Promise((r) => setTimeout(r, 1));
      // When the server saw each connection close (its own timestamps, not our polling):
      const closedAfter = Math.max(...own.requests.map((q) => q.socketClosedAt! - t0));
      assert.equal(own.requests.length, 4);
      assert.ok(own.requests.every((q) => q.socketClosedAt !== undefined && q.closedAt !== undefined));
      assert.ok(closedAfter <= 100, `closed after ${closedAfter.toFixed(1)} ms`);
      for (const r of await settled) {
        assert.equal(r.status, "rejected");
        assert.equal((r as PromiseRejectedResult).reason.name, "AbortError");
      }
      assert.equal(c.inFlight, 0);
    } finally {
      await own.close();
    }
  });

  test("an already-aborted signal sends nothing", async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(new ChatClient(FAST).complete(ep("echo"), { messages: ask(), signal: ac.signal }), { name: "AbortError" });
    assert.equal(seen("echo"), 0);
  });
});

test("no API key in any log line or error message", async () => {
  const lines: string[] = [];
  const c = new ChatClient({ ...FAST, log: (l) => lines.push(l) });
  const wrong = "sk-live-secret-should-not-leak-42";
  await c.complete(ep("echo-log"), { messages: ask() });
  await c.complete(ep("flaky"), { messages: ask(), stream: true });
  const errors = await Promise.all([
    failure(c.complete(ep("echo", { apiKey: wrong }), { messages: ask() })), // the server echoes the key it got
    failure(c.complete(ep("fail"), { messages: ask() })),
    failure(c.complete(ep("badjson", { apiKey: wrong }), { messages: ask() })),
  ]);
  const all = [...lines, ...errors.map((e) => e.message)];
  assert.ok(lines.length >= 8, `expected log lines, got ${lines.length}`);
  assert.ok(lines.some((l) => /POST .* model=echo-log/.test(l)));
  for (const l of all) {
    assert.ok(!l.includes(KEY), `key leaked: ${l}`);
    assert.ok(!l.includes(wrong), `key leaked: ${l}`);
    assert.ok(!/sk-[a-z]/.test(l), `key-like text leaked: ${l}`);
  }
});
