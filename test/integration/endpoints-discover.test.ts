// Local server discovery against real loopback servers that imitate Ollama's /api/tags and
// OpenAI's /v1/models, plus servers that answer garbage, hang, redirect, or are not there.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { discoverLocalServers, ollamaModels, openAiModels, DEFAULT_PROBES, type Probe } from "../../src/core/endpoints/discover";
import { isAbortError } from "../../src/core/errors";
import { closedPort, hangingServer, ollamaServer, openAiModelsServer, rawServer, startServer, type ModelListServer } from "../helpers/model-servers";

const started: ModelListServer[] = [];
async function keep<T extends ModelListServer>(s: Promise<T>): Promise<T> {
  const server = await s;
  started.push(server);
  return server;
}
after(() => Promise.all(started.map((s) => s.close())));

const base = (port: number) => `http://127.0.0.1:${port}/v1`;
/** For servers that answer at once: generous, so a busy test machine does not miss them (it costs nothing when they answer). */
const FOUND_MS = 5_000;

test("the default probes: Ollama /api/tags on 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000, all on 127.0.0.1", () => {
  assert.deepEqual(DEFAULT_PROBES, [
    { kind: "ollama", port: 11434 },
    { kind: "lmstudio", port: 1234 },
    { kind: "llamacpp", port: 8080 },
    { kind: "vllm", port: 8000 },
  ]);
});

test("finds each kind of server with its models; garbage, wrong shapes and a closed port are not servers", { timeout: 20_000 }, async () => {
  const ollama = await keep(ollamaServer(["llama3.2:latest", "qwen2.5:7b", "nomic-embed-text:latest"]));
  const lmstudio = await keep(openAiModelsServer(["qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5"], "organization_owner"));
  const llamacpp = await keep(openAiModelsServer(["Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"], "llamacpp"));
  const vllm = await keep(openAiModelsServer(["Qwen/Qwen2.5-1.5B-Instruct"], "vllm"));
  const unnamed = await keep(openAiModelsServer(["my-model"], "system"));
  const html = await keep(rawServer("<html><body>Welcome to nginx</body></html>"));
  const badJson = await keep(rawServer('{"data": [', "application/json"));
  const wrongShape = await keep(rawServer('{"models": "none"}', "application/json"));
  const closed = await closedPort();
  const probes: Probe[] = [
    { kind: "ollama", port: ollama.port },
    { kind: "lmstudio", port: lmstudio.port },
    { kind: "llamacpp", port: llamacpp.port },
    { kind: "vllm", port: vllm.port },
    { kind: "llamacpp", port: unnamed.port },
    { kind: "vllm", port: html.port },
    { kind: "lmstudio", port: badJson.port },
    { kind: "ollama", port: wrongShape.port },
    // An OpenAI-style server is not Ollama: its /api/tags is a 404.
    { kind: "ollama", port: vllm.port },
    { kind: "llamacpp", port: closed },
  ];
  const found = await discoverLocalServers({ probes, timeoutMs: FOUND_MS });
  assert.deepEqual(found, [
    { kind: "ollama", name: "Ollama", baseUrl: base(ollama.port), models: ["llama3.2:latest", "qwen2.5:7b"] },
    { kind: "lmstudio", name: "LM Studio", baseUrl: base(lmstudio.port), models: ["qwen2.5-7b-instruct"] },
    { kind: "llamacpp", name: "llama.cpp server", baseUrl: base(llamacpp.port), models: ["Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"] },
    { kind: "vllm", name: "vLLM", baseUrl: base(vllm.port), models: ["Qwen/Qwen2.5-1.5B-Instruct"] },
    { kind: "llamacpp", name: "OpenAI-compatible server", baseUrl: base(unnamed.port), models: ["my-model"] },
  ]);
  assert.deepEqual(ollama.requests, [{ method: "GET", path: "/api/tags" }]);
  assert.deepEqual(lmstudio.requests, [{ method: "GET", path: "/v1/models" }]);
  assert.deepEqual(vllm.requests.map((r) => r.path).sort(), ["/api/tags", "/v1/models"]);
});

test("the answer names the server: vLLM on llama.cpp's port is vLLM, llama.cpp on vLLM's port is llama.cpp", async () => {
  const vllm = await keep(openAiModelsServer(["m1"], "vllm"));
  const llamacpp = await keep(openAiModelsServer(["m2"], "llamacpp"));
  const found = await discoverLocalServers({ probes: [{ kind: "llamacpp", port: vllm.port }, { kind: "vllm", port: llamacpp.port }], timeoutMs: FOUND_MS });
  assert.deepEqual(found.map((s) => [s.kind, s.name]), [["vllm", "vLLM"], ["llamacpp", "llama.cpp server"]]);
});

test("a running server with no models is still found (Ollama before the first pull, LM Studio with nothing loaded)", async () => {
  const ollama = await keep(ollamaServer([]));
  const lmstudio = await keep(openAiModelsServer([], "organization_owner"));
  const found = await discoverLocalServers({ probes: [{ kind: "ollama", port: ollama.port }, { kind: "lmstudio", port: lmstudio.port }], timeoutMs: FOUND_MS });
  assert.deepEqual(found.map((s) => [s.kind, s.models]), [["ollama", []], ["lmstudio", []]]);
});

test("the probes run in parallel: two servers that each answer only once both were asked are both found", { timeout: 20_000 }, async () => {
  const waiting: ServerResponse[] = [];
  const release = (res: ServerResponse) => {
    waiting.push(res);
    if (waiting.length < 2) return;
    for (const r of waiting) {
      r.writeHead(200, { "content-type": "application/json" });
      r.end(JSON.stringify({ object: "list", data: [{ id: "m", owned_by: "vllm" }] }));
    }
  };
  const a = await keep(startServer((_req, res) => release(res)));
  const b = await keep(startServer((_req, res) => release(res)));
  const found = await discoverLocalServers({ probes: [{ kind: "vllm", port: a.port }, { kind: "vllm", port: b.port }], timeoutMs: 10_000 });
  assert.equal(found.length, 2, "asked one after the other, the first would wait for the second forever");
});

test("no answer, or headers then silence, past the timeout: not a server, and discovery returns", { timeout: 20_000 }, async () => {
  const hanging = await keep(hangingServer());
  const stalled = await keep(
    startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"object": "list", "data": [');
    }),
  );
  assert.deepEqual(await discoverLocalServers({ probes: [{ kind: "vllm", port: hanging.port }, { kind: "llamacpp", port: stalled.port }], timeoutMs: 200 }), []);
  assert.equal(hanging.requests.length, 1, "the hanging server was asked, and given up on");
  assert.equal(stalled.requests.length, 1);
});

test("a redirect is not followed: the probe never leaves the port it asked", async () => {
  const target = await keep(openAiModelsServer(["elsewhere"], "vllm"));
  const redirecting = await keep(
    startServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/v1/models` });
      res.end();
    }),
  );
  assert.deepEqual(await discoverLocalServers({ probes: [{ kind: "vllm", port: redirecting.port }], timeoutMs: FOUND_MS }), []);
  assert.equal(target.requests.length, 0);
});

test("an error status or an oversized answer is not a server", async () => {
  const unauthorized = await keep(
    startServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "secret-model" }] }));
    }),
  );
  const huge = await keep(rawServer(JSON.stringify({ object: "list", data: [{ id: "x".repeat(2 << 20) }] }), "application/json"));
  const found = await discoverLocalServers({ probes: [{ kind: "vllm", port: unauthorized.port }, { kind: "llamacpp", port: huge.port }], timeoutMs: FOUND_MS });
  assert.deepEqual(found, []);
});

test("cancelling rejects with an AbortError at once, even while a server hangs; an aborted signal asks nobody", { timeout: 20_000 }, async () => {
  const hanging = await keep(hangingServer());
  const controller = new AbortController();
  const pending = discoverLocalServers({ probes: [{ kind: "vllm", port: hanging.port }], timeoutMs: 60_000, signal: controller.signal });
  while (hanging.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  await assert.rejects(pending, (e) => isAbortError(e));

  const other = await keep(openAiModelsServer(["m"], "vllm"));
  await assert.rejects(discoverLocalServers({ probes: [{ kind: "vllm", port: other.port }], signal: AbortSignal.abort() }), (e) => isAbortError(e));
  assert.equal(other.requests.length, 0);
});

test("model lists are parsed defensively: odd entries skipped, names printable, bounded and unique", () => {
  assert.equal(ollamaModels(null), null);
  assert.equal(ollamaModels({ models: {} }), null);
  assert.equal(ollamaModels([]), null);
  assert.deepEqual(ollamaModels({ models: [{ name: "a" }, { model: "b" }, "c", null, { name: 3 }, { name: " a " }] }), ["a", "b"]);
  assert.equal(openAiModels({ data: "x" }), null);
  assert.equal(openAiModels("{}"), null);
  assert.deepEqual(openAiModels({ data: [{ id: "ok", owned_by: "someone" }, { id: "bad\u001b[31m" }, { id: "x".repeat(300) }, { id: "" }, { id: "ok" }, 7] }), { models: ["ok"] });
  assert.deepEqual(openAiModels({ data: [{ id: "a", owned_by: "openai" }, { id: "b", owned_by: "vllm" }] }), { models: ["a", "b"], owner: "vllm" });
});
