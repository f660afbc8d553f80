// The ids and lists Add Endpoint… writes: readable, unique, never with "#", existing entries untouched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alreadyConfigured, appendEntries, hostPrefix, modelSlug, uniqueEndpointId } from "../../src/vscode/endpoint-entries";
import { parseEndpoints } from "../../src/core/endpoints/config";

test("model slugs: last path segment, no :latest or .gguf, lower case, only id-safe characters", () => {
  assert.equal(modelSlug("Qwen/Qwen2.5-1.5B-Instruct"), "qwen2.5-1.5b-instruct");
  assert.equal(modelSlug("llama3.2:latest"), "llama3.2");
  assert.equal(modelSlug("qwen2.5:7b"), "qwen2.5-7b");
  assert.equal(modelSlug("Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"), "qwen2.5-0.5b-instruct-q4_k_m");
  assert.equal(modelSlug("weird #1 (test)"), "weird-1-test");
  assert.equal(modelSlug("///"), "");
});

test("ids: prefix-slug, numbered when taken, never with #", () => {
  const taken = new Set(["ollama-llama3.2", "ollama-llama3.2-2"]);
  assert.equal(uniqueEndpointId("ollama", "llama3.2:latest", taken), "ollama-llama3.2-3");
  assert.equal(uniqueEndpointId("vllm", "m", new Set()), "vllm-m");
  assert.equal(uniqueEndpointId("llamacpp", "llamacpp", new Set()), "llamacpp");
  assert.equal(uniqueEndpointId("local", "###", new Set()), "local");
  assert.ok(!uniqueEndpointId("a#b", "c#d", new Set()).includes("#"));
});

test("host prefixes for servers typed by hand", () => {
  assert.equal(hostPrefix("https://api.openai.com/v1"), "openai");
  assert.equal(hostPrefix("https://openrouter.ai/api/v1"), "openrouter");
  assert.equal(hostPrefix("http://localhost:5000/v1"), "local");
  assert.equal(hostPrefix("http://127.0.0.1:8080/v1"), "local");
  assert.equal(hostPrefix("http://[::1]:8080/v1"), "local");
  assert.equal(hostPrefix("http://192.168.1.20:8000/v1"), "endpoint");
  assert.equal(hostPrefix("http://gpu-box:8000/v1"), "gpu-box");
  assert.equal(hostPrefix("not a url"), "endpoint");
});

test("appending keeps odd existing entries as they are and still avoids their ids; the result passes the settings check", () => {
  const existing = [{ id: "vllm-m", baseUrl: "http://127.0.0.1:8000/v1/", model: "m", n: 2 }];
  assert.equal(alreadyConfigured(existing, "http://127.0.0.1:8000/v1", "m"), "vllm-m");
  assert.equal(alreadyConfigured(existing, "http://127.0.0.1:8000/v1", "other"), undefined);
  const { list, added } = appendEntries(existing, [{ prefix: "vllm", baseUrl: "http://127.0.0.1:8000/v1", model: "m" }, { prefix: "vllm", baseUrl: "http://127.0.0.1:8000/v1", model: "m" }], ["judge"]);
  assert.deepEqual(added.map((e) => e.id), ["vllm-m-2", "vllm-m-3"]);
  assert.deepEqual(list[0], existing[0]);
  assert.deepEqual(parseEndpoints(list, "x").map((e) => [e.id, e.roles]), [["vllm-m", undefined], ["vllm-m-2", ["judge"]], ["vllm-m-3", ["judge"]]]);
  assert.equal(appendEntries([], [{ prefix: "p", baseUrl: "http://h/v1", model: "m" }], ["answer"]).added[0].roles, undefined, "answer alone is the default and left out");
});
