// Endpoint faults against the real local test server: truncated streams, keys echoed where an
// error body is cut, oversized answers, and what the CLI prints for each.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { ChatClient } from "../../src/core/endpoints/client";
import { EndpointError } from "../../src/core/endpoints/errors";
import type { EndpointConfig } from "../../src/core/engine-options";
import { CLI, ROOT } from "../helpers/cli";
import { FAST_CLIENT, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { tempTree } from "../helpers/tmp";

// 37 characters, no well-known key shape: only the known-key rules can hide it.
const KEY = "ab12cd34ef56gh78ij90kl12mn34op56qr789";
let srv: OpenAiTestServer;

const ep = (model: string): EndpointConfig => ({ id: model, baseUrl: srv.url, model, apiKeyEnv: "AB_KEY", apiKey: KEY });
const ask = [{ role: "user" as const, content: "Say something." }];

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, AB_KEY: KEY, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Every run of 8 or more characters of the key still in `s`. */
function keyLeaks(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= KEY.length; i++) if (s.includes(KEY.slice(i, i + 8))) out.push(KEY.slice(i, i + 8));
  return out;
}

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
  srv = await startOpenAiServer({ apiKey: KEY });
});
after(() => srv.close());
beforeEach(() => srv.reset());

test("a stream that ends without [DONE] or a finish reason fails as 'connection lost after N characters', whether it closes cleanly, unchunked, or is reset", async () => {
  const client = new ChatClient({ ...FAST_CLIENT, maxRetries: 0 });
  for (const model of ["no-done", "cut-raw", "reset-raw"]) {
    const deltas: string[] = [];
    const e = await failure(client.complete(ep(model), { messages: ask, stream: true, onDelta: (d) => deltas.push(d) }));
    assert.equal(e.kind, "stream-broken", `${model}: ${e.message}`);
    assert.match(e.message, /connection lost mid-stream after 1[23] characters/, model);
    assert.equal(e.retryable, false, model); // part of it was shown already: not asked again
    assert.ok(deltas.join("").startsWith("first "), model);
  }
  // A finish reason without [DONE] is a whole answer (some servers never send [DONE]).
  const ok = await client.complete(ep("no-done-stop"), { messages: ask, stream: true, onDelta: () => undefined });
  assert.equal(ok.text, "first second");
  assert.equal(ok.finishReason, "stop");
  // Not streamed: a body shorter than its content-length is a lost connection, never an answer.
  const cut = await failure(client.complete(ep("cut-raw"), { messages: ask }));
  assert.match(cut.message, /connection lost while reading the response/);
});

test("collect: truncated streams are listed in errors with the reason, never kept as answers", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify(["echo-ok", "no-done", "cut-raw"].map((m) => ({ id: m, baseUrl: srv.url, model: m, apiKeyEnv: "AB_KEY" }))) });
  try {
    const r = await run(["collect", "--prompt", "Hi", "--endpoints", t.path("endpoints.json"), "--out", t.path("out.json"), "--retries", "0"]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(readFileSync(t.path("out.json"), "utf8")) as { candidates: Array<{ model: string }>; errors: Array<{ endpoint: string; message: string }> };
    assert.deepEqual(rec.candidates.map((c) => c.model), ["echo-ok"]);
    assert.deepEqual(rec.errors.map((e) => e.endpoint), ["no-done", "cut-raw"]);
    for (const e of rec.errors) assert.match(e.message, /connection lost mid-stream after \d+ characters: the stream ended without a finish reason or \[DONE\]/);
    assert.match(r.stderr, /✗ no-done: .*connection lost mid-stream/);
  } finally {
    t.cleanup();
  }
});

test("a key echoed at the point where the error body is cut: no 8-character piece of it in stderr or in the record", async () => {
  const models = ["keyecho-165", "keyecho-190", "keyecho-196", "keyecho-text-170", "unauthorized"];
  const t = tempTree({ "endpoints.json": JSON.stringify(models.map((m) => ({ id: m, baseUrl: srv.url, model: m, apiKeyEnv: "AB_KEY" }))) });
  try {
    const r = await run(["collect", "--prompt", "Hi", "--endpoints", t.path("endpoints.json"), "--out", t.path("out.json"), "--retries", "0"], { ANSWER_BLENDER_DEBUG: "1" });
    const out = readFileSync(t.path("out.json"), "utf8");
    const rec = JSON.parse(out) as { errors: Array<{ endpoint: string; message: string }> };
    assert.equal(rec.errors.length, models.length);
    assert.match(rec.errors[0].message, /HTTP 400.*xxxx/);
    assert.deepEqual(keyLeaks(r.stderr), [], r.stderr);
    assert.deepEqual(keyLeaks(out), [], out);
    // The server did get the key (and echoed all of it).
    assert.ok(srv.requests.every((q) => q.headers.authorization === `Bearer ${KEY}`));
  } finally {
    t.cleanup();
  }
});

test("judge and llm-fuser failures end in one line naming the endpoint, never a stack trace", async () => {
  srv.config.retryAfter = "0";
  const models = ["unauthorized", "missing", "badjson", "nochoices", "ratelimit-always", "html"];
  const endpoints = [...models, "echo-fuser"].map((m) => ({ id: m, baseUrl: srv.url, model: m, apiKeyEnv: "AB_KEY" }));
  const set = JSON.stringify({ id: "q", instruction: "Which is better?", candidates: [{ model: "a", text: "one" }, { model: "b", text: "two two" }, { model: "c", text: "three three three" }] });
  const t = tempTree({ "endpoints.json": JSON.stringify(endpoints), "set.jsonl": set + "\n" });
  try {
    for (const judge of models) {
      const r = await run(["rank", t.path("set.jsonl"), "--ranker", "judge", "--endpoints", t.path("endpoints.json"), "--judge-endpoint", judge]);
      assert.equal(r.status, 1, `${judge}: ${r.stderr}`);
      // The request budget comes first ("requests: 6 judge calls"), then the failure: one line.
      const [budget, ...lines] = r.stderr.trim().split("\n");
      assert.match(budget, /^requests: 6 judge calls$/, judge);
      assert.equal(lines.length, 1, `${judge}: ${r.stderr}`);
      assert.match(lines[0], new RegExp(`^answer-blender: endpoint "${judge}": `), judge);
      assert.doesNotMatch(r.stderr, /EndpointError|\n\s+at /, judge);
    }
    const debug = await run(["rank", t.path("set.jsonl"), "--ranker", "judge", "--endpoints", t.path("endpoints.json"), "--judge-endpoint", "unauthorized", "--debug"]);
    assert.equal(debug.status, 1);
    assert.match(debug.stderr, /^requests: 6 judge calls\nanswer-blender: endpoint "unauthorized": HTTP 401[^\n]*\nEndpointError: [^\n]*\n\s+at /);
    // A failing llm fuser keeps the ranking and the top answer; its failure is one issue line.
    const b = await run(["blend", t.path("set.jsonl"), "--ranker", "length", "--fuser", "llm", "--endpoints", t.path("endpoints.json"), "--fuser-endpoint", "badjson"]);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /-- top-ranked original answer \(c\)/);
    assert.match(b.stderr, /fuser llm: endpoint "badjson": the response is not valid JSON/);
    assert.doesNotMatch(b.stderr, /\n\s+at /);
  } finally {
    srv.config.retryAfter = undefined;
    t.cleanup();
  }
});

test("one size limit for answers: a 3 MiB endpoint answer fails at the 2 MiB default (streamed or not), as an answer file would; --max-answer-bytes raises both", async () => {
  const client = new ChatClient({ ...FAST_CLIENT, maxRetries: 0 });
  let streamed = 0;
  const s = await failure(client.complete(ep("huge"), { messages: ask, stream: true, onDelta: (d) => (streamed += d.length) }));
  assert.match(s.message, /the answer is more than 2097152 bytes \(stopped after \d+ characters\), over the answer size limit of 2 MiB \(--max-answer-bytes\)/);
  assert.ok(streamed <= 2 * 1024 * 1024, String(streamed));
  const j = await failure(client.complete(ep("huge"), { messages: ask }));
  assert.match(j.message, /the answer is 3145730 bytes, over the answer size limit of 2 MiB/);
  const big = await new ChatClient({ ...FAST_CLIENT, maxAnswerBytes: 4 * 1024 * 1024 }).complete(ep("huge"), { messages: ask, stream: true, onDelta: () => undefined });
  assert.equal(big.text.length, 3145730);

  const t = tempTree({
    "endpoints.json": JSON.stringify(["echo-ok", "huge"].map((m) => ({ id: m, baseUrl: srv.url, model: m, apiKeyEnv: "AB_KEY" }))),
    "answers/small.md": "A small answer.",
    "answers/big.md": "word ".repeat(Math.ceil((3 * 1024 * 1024) / 5)),
  });
  try {
    const r = await run(["collect", "--prompt", "Hi", "--endpoints", t.path("endpoints.json"), "--out", t.path("out.json"), "--retries", "0"]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(readFileSync(t.path("out.json"), "utf8")) as { candidates: Array<{ model: string }>; errors: Array<{ endpoint: string; message: string }> };
    assert.deepEqual(rec.candidates.map((c) => c.model), ["echo-ok"]);
    assert.match(rec.errors[0].message, /over the answer size limit of 2 MiB/);
    const raised = await run(["collect", "--prompt", "Hi", "--endpoints", t.path("endpoints.json"), "--out", t.path("out2.json"), "--max-answer-bytes", "4000000"]);
    assert.equal(raised.status, 0, raised.stderr);
    assert.equal((JSON.parse(readFileSync(t.path("out2.json"), "utf8")) as { candidates: unknown[] }).candidates.length, 2);
    // The same limit and words for an answer file.
    const f = await run(["rank", t.path("answers"), "--ranker", "length", "--json"]);
    assert.equal(f.status, 2, f.stderr);
    assert.match(f.stderr, /big\.md: answer file is 3145730 bytes, over the answer size limit of 2 MiB \(--max-answer-bytes\)/);
    const f2 = await run(["rank", t.path("answers"), "--ranker", "length", "--json", "--max-answer-bytes", "4000000"]);
    assert.equal(f2.status, 0, f2.stderr);
  } finally {
    t.cleanup();
  }
});
