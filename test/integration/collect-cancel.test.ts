// Cancelling answer collection keeps what arrived: in core (partialOnAbort, for the CLI and the
// extension alike) and through `answer-blender collect` interrupted with SIGINT.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { collect } from "../../src/core/endpoints/collect";
import type { EndpointConfig } from "../../src/core/engine-options";
import { CLI, ROOT } from "../helpers/cli";
import { FAST_CLIENT, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { tempTree } from "../helpers/tmp";

let srv: OpenAiTestServer;
const ep = (id: string, model: string): EndpointConfig => ({ id, baseUrl: srv.url, model });

before(async () => {
  srv = await startOpenAiServer();
});
after(() => srv.close());
beforeEach(() => srv.reset());

const endpoints = () => [ep("fast", "echo-fast"), ep("stalled", "stall"), ep("silent", "hang")];

test("partialOnAbort: the finished answer is kept, the others are listed as cancelled (with what had arrived); connections close", async () => {
  const ac = new AbortController();
  const sampled: string[] = [];
  const client = { ...FAST_CLIENT, idleTimeoutMs: 30_000, firstByteTimeoutMs: 30_000 };
  const done = collect({ prompt: "Hi", id: "c" }, endpoints(), {
    signal: ac.signal,
    partialOnAbort: true,
    clientOptions: client,
    onSample: (ref, r) => {
      sampled.push(`${ref.candidate}:${"candidate" in r ? "ok" : r.error.message}`);
      if (ref.candidate === "fast") setTimeout(() => ac.abort(), 100);
    },
  });
  const ex = await done;
  assert.ok(ac.signal.aborted);
  assert.deepEqual(ex.candidates.map((c) => c.model), ["fast"]);
  assert.deepEqual(
    ex.errors?.map((e) => `${e.endpoint}: ${e.message}`),
    ["stalled: cancelled after 8 characters had arrived", "silent: cancelled before it answered"],
  );
  assert.deepEqual(sampled.sort(), ["fast:ok", "silent:cancelled before it answered", "stalled:cancelled after 8 characters had arrived"]);
  await srv.waitForInFlight(0, 2_000);

  // Without the option a cancel is an AbortError, as before.
  const ac2 = new AbortController();
  const plain = collect({ prompt: "Hi" }, endpoints(), { signal: ac2.signal, clientOptions: client, onSample: () => setTimeout(() => ac2.abort(), 50) });
  await assert.rejects(plain, { name: "AbortError" });
});

test("Ctrl-C in `collect` writes the partial record, cancelled endpoints in errors, exit 130", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify(endpoints().map((e) => ({ id: e.id, baseUrl: e.baseUrl, model: e.model }))) });
  try {
    const child = spawn(process.execPath, [CLI, "collect", "--prompt", "Hi", "--endpoints", t.path("endpoints.json"), "--out", t.path("out.json"), "--id", "cut"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      if (/✓ fast:/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(status, 130, stderr);
    const rec = JSON.parse(readFileSync(t.path("out.json"), "utf8")) as { id: string; candidates: Array<{ model: string }>; errors: Array<{ endpoint: string; message: string }> };
    assert.equal(rec.id, "cut");
    assert.deepEqual(rec.candidates.map((c) => c.model), ["fast"]);
    assert.deepEqual(rec.errors.map((e) => e.endpoint), ["stalled", "silent"]);
    assert.ok(rec.errors.every((e) => e.message.startsWith("cancelled")));
    assert.match(stderr, /collect: cancelled: 1 answer kept, 2 cancelled, 0 failed → /);
  } finally {
    t.cleanup();
  }
});
