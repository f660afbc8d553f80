// `answer-blender collect` and the endpoint engines through the built CLI (npm test builds dist/ first).
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, ROOT } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

const KEY = "sk-cli-test-0123456789abcdef";
let srv: OpenAiTestServer;

/** Runs dist/cli.js without blocking this process's event loop (the test server lives here). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
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

interface Record_ {
  id: string;
  instruction: string;
  candidates: Array<{ model: string; text: string; meta: { endpoint: string; latencyMs: number; finishReason: string } }>;
  errors: Array<{ endpoint: string; message: string }>;
}

const endpoints = () => [
  { id: "alpha", baseUrl: srv.url, model: "echo-alpha", apiKeyEnv: "AB_TEST_KEY" },
  { id: "beta", baseUrl: srv.url, model: "echo-beta", apiKeyEnv: "AB_TEST_KEY", n: 2 },
  { id: "down", baseUrl: srv.url, model: "fail", apiKeyEnv: "AB_TEST_KEY" },
  { id: "judge", baseUrl: srv.url, model: "judge-long", apiKeyEnv: "AB_TEST_KEY", roles: ["judge"] },
  { id: "fuser", baseUrl: srv.url, model: "fuse-model", apiKeyEnv: "AB_TEST_KEY", roles: ["fuse", "answer"] },
];

before(async () => {
  assert.ok(existsSync(CLI), "dist/cli.js missing: run npm run build");
  srv = await startOpenAiServer({ apiKey: KEY, answers: { "fuse-model": "The fused answer." } });
});
after(() => srv.close());
beforeEach(() => srv.reset());

test("collect --out: answers from the working endpoints, the failing one in errors, exit 0; no key on stderr", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify(endpoints().slice(0, 3)) });
  try {
    const r = await run(["collect", "--prompt", "Why is the sky blue?", "--endpoints", t.path("endpoints.json"), "--out", t.path("out.json"), "--id", "sky", "--retries", "0"], {
      AB_TEST_KEY: KEY,
      ANSWER_BLENDER_DEBUG: "1",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    const rec = JSON.parse(readFileSync(t.path("out.json"), "utf8")) as Record_;
    assert.equal(rec.id, "sky");
    assert.equal(rec.instruction, "Why is the sky blue?");
    assert.deepEqual(rec.candidates.map((c) => c.model), ["alpha", "beta#1", "beta#2"]);
    assert.equal(rec.candidates[0].text, "echo-alpha answer: Why is the sky blue?");
    assert.equal(rec.candidates[1].meta.endpoint, "beta");
    assert.equal(rec.candidates[1].meta.finishReason, "stop");
    assert.deepEqual(rec.errors.map((e) => e.endpoint), ["down"]);
    assert.match(rec.errors[0].message, /HTTP 500/);
    assert.match(r.stderr, /✓ alpha: \d+ chars in \d+ ms, \d+ tokens, finish stop/);
    assert.match(r.stderr, /✗ down: HTTP 500/, "the endpoint is named once");
    assert.match(r.stderr, /collect: 3 answers, 1 failed/);
    assert.match(r.stderr, /debug: endpoint alpha: POST http/);
    assert.ok(!r.stderr.includes(KEY) && !readFileSync(t.path("out.json"), "utf8").includes(KEY));
    assert.ok(srv.requests.every((q) => q.headers.authorization === `Bearer ${KEY}`));
  } finally {
    t.cleanup();
  }
});

test("collect without --out prints the record on stdout; rank --ranker judge and blend --fuser llm use it", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify(endpoints()) });
  try {
    const env = { AB_TEST_KEY: KEY };
    const c = await run(["collect", "--prompt", "Say hi", "--input", "politely", "--endpoints", t.path("endpoints.json"), "--quiet", "--retries", "0"], env);
    assert.equal(c.status, 0, c.stderr);
    const rec = JSON.parse(c.stdout) as Record_;
    // The judge has only the judge role: it is not asked; the fuser also has the answer role.
    assert.deepEqual(rec.candidates.map((c) => c.model), ["alpha", "beta#1", "beta#2", "fuser"]);
    assert.ok(!srv.requests.some((q) => q.model === "judge-long"));
    assert.equal(c.stderr, "");

    const recFile = t.path("rec.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      recFile,
      JSON.stringify({ id: "r", instruction: "Say hi", input: "", candidates: [{ model: "s", text: "hi" }, { model: "l", text: "hello there, friend" }, { model: "m", text: "hello" }] }),
    );
    const r = await run(["rank", recFile, "--ranker", "judge", "--endpoints", t.path("endpoints.json"), "--judge-endpoint", "judge", "--json"], env);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { items: Array<{ ranking: Array<{ model: string }>; comparisons: number }> };
    assert.deepEqual(out.items[0].ranking.map((x) => x.model), ["l", "m", "s"]);
    assert.equal(out.items[0].comparisons, 6);

    const b = await run(["blend", recFile, "--ranker", "judge", "--endpoints", t.path("endpoints.json"), "--judge-endpoint", "judge", "--fuser", "llm", "--fuser-endpoint", "fuser", "--top-k", "2", "--json"], env);
    assert.equal(b.status, 0, b.stderr);
    const blended = JSON.parse(b.stdout) as { items: Array<{ fused: { fuser: string; text: string; sources: string[]; topK: number } }> };
    assert.deepEqual(blended.items[0].fused, { ...blended.items[0].fused, fuser: "llm", text: "The fused answer.", sources: ["l", "m"], topK: 2 });
  } finally {
    t.cleanup();
  }
});

test("a bad endpoints file exits 2 naming the file, index and field", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify([{ id: "a", baseUrl: srv.url, model: "m" }, { id: "b", baseUrl: "localhost:8080", model: "m" }]) });
  try {
    const r = await run(["collect", "--prompt", "x", "--endpoints", t.path("endpoints.json")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /endpoints\.json: field "\[1\]\.baseUrl": must be an http\(s\) URL/);
    assert.equal(srv.requests.length, 0);
    const m = await run(["collect", "--endpoints", t.path("endpoints.json")]);
    assert.equal(m.status, 2);
    assert.match(m.stderr, /collect needs --prompt TEXT/);
  } finally {
    t.cleanup();
  }
});

test("when no endpoint answers: exit 1, the record with its errors is still written", async () => {
  const t = tempTree({ "endpoints.json": JSON.stringify([{ id: "down", baseUrl: srv.url, model: "fail", apiKeyEnv: "AB_TEST_KEY" }, { id: "nokey", baseUrl: srv.url, model: "echo", apiKeyEnv: "AB_UNSET_KEY" }]) });
  try {
    const r = await run(["collect", "--prompt", "x", "--endpoints", t.path("endpoints.json"), "--out", join(t.dir, "o.json"), "--retries", "1"], { AB_TEST_KEY: KEY });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no endpoint answered/);
    const rec = JSON.parse(readFileSync(join(t.dir, "o.json"), "utf8")) as Record_;
    assert.equal(rec.candidates.length, 0);
    assert.deepEqual(rec.errors.map((e) => e.endpoint), ["down", "nokey"]);
    assert.match(rec.errors[1].message, /AB_UNSET_KEY \(apiKeyEnv\) is not set/);
  } finally {
    t.cleanup();
  }
});

test("the test server also runs standalone (node --import tsx test/helpers/openai-server.ts --port 0)", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/helpers/openai-server.ts"), "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        const m = /listening (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
    });
    const res = await fetch(url + "/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "echo-x", messages: [{ role: "user", content: "ping" }] }) });
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(body.choices[0].message.content, "echo-x answer: ping");
  } finally {
    child.kill("SIGTERM");
  }
});
