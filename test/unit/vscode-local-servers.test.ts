import { test } from "node:test";
import assert from "node:assert/strict";
import { localEndpoints } from "../../src/vscode/local-servers";
import { discoverLocalServers } from "../../src/core/endpoints/discover";
import { ollamaServer, openAiModelsServer } from "../helpers/model-servers";

test("discovered servers become one endpoint per model; models already configured are left out; ids never clash", async () => {
  const ollama = await ollamaServer(["llama3.2:latest", "qwen2.5:7b"]);
  const vllm = await openAiModelsServer(["Qwen/Qwen2.5-1.5B-Instruct"], "vllm");
  try {
    const servers = await discoverLocalServers({ probes: [{ kind: "ollama", port: ollama.port }, { kind: "vllm", port: vllm.port }], timeoutMs: 5_000 });
    const configured = [
      { id: "ollama-llama3.2", baseUrl: "http://example.invalid/v1", model: "other" },
      { id: "mine", baseUrl: `http://127.0.0.1:${ollama.port}/v1`, model: "qwen2.5:7b" },
    ];
    assert.deepEqual(localEndpoints(servers, configured), [
      { id: "ollama-llama3.2-2", baseUrl: `http://127.0.0.1:${ollama.port}/v1`, model: "llama3.2:latest" },
      { id: "vllm-qwen2.5-1.5b-instruct", baseUrl: `http://127.0.0.1:${vllm.port}/v1`, model: "Qwen/Qwen2.5-1.5B-Instruct" },
    ]);
  } finally {
    await ollama.close();
    await vllm.close();
  }
});
