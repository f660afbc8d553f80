/**
 * Real HTTP servers on 127.0.0.1 (free ports) that imitate what local model servers answer
 * about their models, for the discovery probes:
 *   ollamaServer(["llama3.2:latest"])        GET /api/tags  → { models: [{ name, model, … }] }
 *   openAiModelsServer(["m"], "vllm")         GET /v1/models → { object: "list", data: [{ id, owned_by }] }
 *   rawServer("<html>…")                      any path → 200 with that body
 *   hangingServer()                           accepts, never answers
 *   closedPort()                              a port nothing listens on
 * Every server records the requests it got (method and path).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ModelListServer {
  port: number;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

export async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<ModelListServer> {
  const requests: ModelListServer["requests"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "" });
    handle(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** Ollama: its native model list on /api/tags (and 404 elsewhere, as Ollama does for unknown paths). */
export function ollamaServer(models: string[]): Promise<ModelListServer> {
  return startServer((req, res) => {
    if (req.method === "GET" && req.url === "/api/tags")
      json(res, 200, {
        models: models.map((name, i) => ({ name, model: name, modified_at: "2025-01-01T00:00:00Z", size: 1000 + i, digest: `d${i}`, details: { format: "gguf", family: "llama" } })),
      });
    else json(res, 404, { error: "not found" });
  });
}

/** An OpenAI-compatible server's /v1/models; `ownedBy` as the real servers send it ("vllm", "llamacpp", "organization_owner", …). */
export function openAiModelsServer(models: string[], ownedBy = "openai"): Promise<ModelListServer> {
  return startServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/models")
      json(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 1700000000, owned_by: ownedBy })) });
    else json(res, 404, { error: { message: "not found" } });
  });
}

/** Answers every request with status 200 and this body (an HTML page, broken JSON, JSON of another shape…). */
export function rawServer(body: string, contentType = "text/html"): Promise<ModelListServer> {
  return startServer((_req, res) => {
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
}

/** Accepts connections and requests, and never answers (until closed). */
export function hangingServer(): Promise<ModelListServer> {
  return startServer(() => undefined);
}

/** A loopback port with nothing listening: taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.port;
}
