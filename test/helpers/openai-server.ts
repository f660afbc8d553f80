/**
 * A scripted OpenAI-compatible server for tests: a real node:http server on 127.0.0.1.
 *
 * In a test:
 *   const srv = await startOpenAiServer({ apiKey: "sk-test-123456" });
 *   // endpoints use baseUrl srv.url ("http://127.0.0.1:PORT/v1"); srv.requests records every call
 *   await srv.close();
 *
 * Standalone (e.g. for the e2e tests or trying the CLI by hand):
 *   node --import tsx test/helpers/openai-server.ts [--port 8765] [--config server.json]
 * prints "listening http://127.0.0.1:PORT/v1" on stdout and runs until SIGINT/SIGTERM.
 * The config file is a JSON OpenAiServerConfig (all fields optional).
 *
 * Behaviour is chosen by the request's `model` (POST /v1/chat/completions, streamed or not):
 *   a name in `script`  its scripted reply (a text or a function of the request), chunk delay or HTTP status
 *   echo-* (and any name not below)  deterministic answer `answers[model]` or "<model> answer: <last user message>"
 *   empty          an empty answer
 *   fail           500 every time                     flaky        500 once, then answers
 *   ratelimit      429 + Retry-After once, then answers  ratelimit-always  429 every time
 *   unauthorized   401 (also any request without the configured apiKey; the message echoes the key sent)
 *   forbidden      403                                missing      404 model not found
 *   badjson        200 with a malformed JSON body     html         200 text/html page
 *   slow           headers only after `slowMs`        stall        headers (+ one chunk when streamed), then silence
 *   reset          streams two chunks, then destroys the socket (non-streamed: headers, then destroy)
 *   hang           never answers (until the client goes away)
 *   judge-long     judge: prefers the longer answer; judge-order: prefers the answer earlier in `judgeOrder`
 *                  both return logprobs when asked; the suffix -nolp never returns logprobs
 *   judge-strict-* like judge-long, but answers 400 to any request carrying logprobs parameters
 *   judge-garbage  judge that replies with prose, no verdict
 *   judge-C        always answers the tie letter "C"
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { readFileSync } from "node:fs";
import { ANSWER_A_END, ANSWER_A_START, ANSWER_B_END, ANSWER_B_START, TIE_LETTER } from "../../src/core/rank/engines/judge-prompt";
import type { EndpointConfig } from "../../src/core/engine-options";
import { ChatClient, type ClientOptions } from "../../src/core/endpoints/client";
import { EndpointChatModel } from "../../src/core/endpoints/endpoint-chat-model";

/** Client timings for tests against this server: short timeouts, one quick retry. */
export const FAST_CLIENT = { firstByteTimeoutMs: 2_000, idleTimeoutMs: 2_000, backoffBaseMs: 5, backoffMaxMs: 10, maxRetries: 1 };

/** The HTTP ChatModel of one endpoint, with the fast test client settings unless told otherwise. */
export function endpointModel(ep: EndpointConfig, options: ClientOptions = FAST_CLIENT): EndpointChatModel {
  return new EndpointChatModel(ep, new ChatClient(options));
}

export interface OpenAiServerConfig {
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Exact answer text per model name. */
  answers?: Record<string, string>;
  /** Delay before the headers for model "slow" (ms). */
  slowMs?: number;
  /** Delay between streamed chunks (ms). */
  chunkDelayMs?: number;
  /** Retry-After header value for "ratelimit" (seconds or a date). */
  retryAfter?: string;
  /** Answers' texts, best first, for judge-order. */
  judgeOrder?: string[];
  /** Per-model behaviour, checked before the built-in model names (the e2e chat models use it). */
  script?: Record<string, ScriptedModel>;
}

export interface ScriptedModel {
  /** The answer: a text, or a function of the request (e.g. a judge reading both answers, see judgePair). */
  reply?: string | ((request: RecordedRequest) => string);
  /** Delay between streamed chunks for this model (ms), instead of `chunkDelayMs`. */
  chunkDelayMs?: number;
  /** Answer this HTTP status with an OpenAI-style error body instead. */
  status?: number;
  /** Hold the reply until this settles (a test reads the state "while it is still writing", then releases it). */
  until?: Promise<unknown>;
}

export interface RecordedRequest {
  model: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  stream: boolean;
  /** The last user message. */
  prompt: string;
  /** performance.now() when this request's response finished or its connection closed. */
  closedAt?: number;
  /** performance.now() when its TCP connection closed. */
  socketClosedAt?: number;
}

export interface OpenAiTestServer {
  /** Base URL to put in an endpoint: http://127.0.0.1:PORT/v1 */
  url: string;
  port: number;
  config: OpenAiServerConfig;
  requests: RecordedRequest[];
  /** Requests whose response has neither finished nor lost its connection. */
  inFlight(): number;
  /** The most requests in flight at once since start/reset. */
  peakInFlight(): number;
  /** TCP connections that carried at least one request and are still open (idle pre-connects not counted). */
  openSockets(): number;
  /** Resolves when `inFlight()` reaches `n` (polls every 2 ms). */
  waitForInFlight(n: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and per-model counters. */
  reset(): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function lastUser(body: Json): string {
  const msgs = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]?.role === "user" && typeof msgs[i].content === "string") return msgs[i].content as string;
  return "";
}

function between(text: string, start: string, end: string): string | undefined {
  const s = text.indexOf(start);
  const e = text.indexOf(end, s + start.length);
  if (s < 0 || e < 0) return undefined;
  return text.slice(s + start.length, e).replace(/^\n/, "").replace(/\n$/, "");
}

/** The two answers a judge prompt (src/core/rank/engines/judge-prompt.ts) compares ("" when absent). */
export function judgePair(prompt: string): { a: string; b: string } {
  return { a: between(prompt, ANSWER_A_START, ANSWER_A_END) ?? "", b: between(prompt, ANSWER_B_START, ANSWER_B_END) ?? "" };
}

/** The judge's verdict letter and how sure it is (probability of the winner). */
function judgeVerdict(model: string, prompt: string, cfg: OpenAiServerConfig): { letter: string; p: number } {
  if (model.startsWith("judge-C")) return { letter: TIE_LETTER, p: 0.9 };
  const { a, b } = judgePair(prompt);
  if (model.startsWith("judge-order")) {
    const order = cfg.judgeOrder ?? [];
    const pos = (t: string) => {
      const i = order.findIndex((o) => o.trim() === t.trim());
      return i < 0 ? order.length : i;
    };
    const gap = pos(b) - pos(a);
    if (gap === 0) return { letter: TIE_LETTER, p: 0.6 };
    return { letter: gap > 0 ? "A" : "B", p: Math.min(0.95, 0.6 + 0.1 * Math.abs(gap)) };
  }
  if (a.length === b.length) return { letter: TIE_LETTER, p: 0.6 };
  return { letter: a.length > b.length ? "A" : "B", p: 0.8 };
}

function judgeLogprobs(letter: string, p: number) {
  const others = ["A", "B", TIE_LETTER].filter((l) => l !== letter);
  const rest = (1 - p - 0.02) / 2;
  const top = [
    { token: letter, logprob: Math.log(p) },
    { token: others[0], logprob: Math.log(rest) },
    { token: others[1], logprob: Math.log(rest) },
    { token: " " + letter, logprob: Math.log(0.01) },
    { token: "The", logprob: Math.log(0.005) },
  ];
  return { content: [{ token: letter, logprob: Math.log(p), bytes: [...Buffer.from(letter)], top_logprobs: top }] };
}

function chunksOf(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g) ?? [];
  return parts.length ? parts : [""];
}

const sleep = (ms: number, res: ServerResponse): Promise<boolean> =>
  new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const t = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(t);
      resolve(false);
    };
    res.once("close", onClose);
  });

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(message: string, type: string, code?: string) {
  return { error: { message, type, code: code ?? null } };
}

export async function startOpenAiServer(config: OpenAiServerConfig = {}, port = 0): Promise<OpenAiTestServer> {
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const live = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const used = new WeakSet<Socket>();
  const cfg = config;
  let peak = 0;

  const answerText = (model: string, prompt: string): string => {
    if (cfg.answers?.[model] !== undefined) return cfg.answers[model];
    if (model === "empty") return "";
    return `${model} answer: ${prompt}`;
  };

  async function answer(res: ServerResponse, model: string, body: Json, text: string, logprobs?: Json): Promise<void> {
    const stream = body.stream === true;
    const created = 1_700_000_000;
    const promptTokens = (JSON.stringify(body.messages ?? "").match(/\S+/g) ?? []).length;
    const pieces = chunksOf(text);
    const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length };
    if (!stream) {
      sendJson(res, 200, {
        id: "chatcmpl-test",
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", ...(logprobs ? { logprobs } : { logprobs: null }) }],
        usage,
      });
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const event = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
      event({ id: "chatcmpl-test", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish, ...extra }] });
    res.write(": keep-alive comment\n\n");
    chunk({ role: "assistant", content: "" }, null);
    const chunkDelayMs = cfg.script?.[model]?.chunkDelayMs ?? cfg.chunkDelayMs;
    for (let i = 0; i < pieces.length; i++) {
      if (chunkDelayMs && !(await sleep(chunkDelayMs, res))) return;
      if (res.destroyed) return;
      chunk({ content: pieces[i] }, null, i === 0 && logprobs ? { logprobs } : {});
    }
    chunk({}, "stop");
    const so = body.stream_options as Json | undefined;
    if (so?.include_usage) event({ id: "chatcmpl-test", object: "chat.completion.chunk", created, model, choices: [], usage });
    res.end("data: [DONE]\n\n");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    live.add(res);
    used.add(req.socket);
    peak = Math.max(peak, live.size);
    res.on("close", () => live.delete(res));
    let raw = "";
    for await (const c of req) raw += c;
    if (req.method !== "POST" || !/\/v1\/chat\/completions\/?$/.test(req.url ?? "")) {
      sendJson(res, 404, errorBody(`Unknown path ${req.url}`, "invalid_request_error"));
      return;
    }
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      sendJson(res, 400, errorBody("request body is not JSON", "invalid_request_error"));
      return;
    }
    const model = typeof body.model === "string" ? body.model : "";
    const prompt = lastUser(body);
    const stream = body.stream === true;
    const rec: RecordedRequest = { model, body, headers: req.headers, stream, prompt };
    requests.push(rec);
    if (res.destroyed) rec.closedAt = performance.now();
    else res.once("close", () => (rec.closedAt = performance.now()));
    if (req.socket.destroyed) rec.socketClosedAt = performance.now();
    else req.socket.once("close", () => (rec.socketClosedAt = performance.now()));
    const n = (counts.get(model) ?? 0) + 1;
    counts.set(model, n);

    const auth = req.headers.authorization ?? "";
    const sentKey = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (model === "unauthorized" || (cfg.apiKey && sentKey !== cfg.apiKey)) {
      sendJson(res, 401, errorBody(`Incorrect API key provided: ${sentKey || "(none)"}.`, "invalid_request_error", "invalid_api_key"));
      return;
    }
    const scripted = cfg.script?.[model];
    if (scripted?.until) await scripted.until.catch(() => undefined);
    if (res.destroyed) return;
    if (scripted?.status) return sendJson(res, scripted.status, errorBody(`scripted HTTP ${scripted.status} for ${model}`, scripted.status >= 500 ? "server_error" : "invalid_request_error"));
    if (scripted?.reply !== undefined) return answer(res, model, body, typeof scripted.reply === "string" ? scripted.reply : scripted.reply(rec));
    switch (model) {
      case "fail":
        return sendJson(res, 500, errorBody("The server had an error while processing your request.", "server_error"));
      case "flaky":
        if (n === 1) return sendJson(res, 500, errorBody("temporary failure", "server_error"));
        break;
      case "ratelimit":
        if (n === 1) return sendJson(res, 429, errorBody("Rate limit reached", "requests"), { "retry-after": cfg.retryAfter ?? "1" });
        break;
      case "ratelimit-always":
        return sendJson(res, 429, errorBody("Rate limit reached", "requests"), { "retry-after": cfg.retryAfter ?? "1" });
      case "forbidden":
        return sendJson(res, 403, errorBody("This key may not use this model", "permission_error"));
      case "missing":
        return sendJson(res, 404, errorBody(`The model \`${model}\` does not exist`, "invalid_request_error", "model_not_found"));
      case "badjson":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"id":"chatcmpl-test","choices":[{"message":{"content":"half');
        return;
      case "html":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end("<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>");
        return;
      case "slow":
        if (!(await sleep(cfg.slowMs ?? 5_000, res))) return;
        break;
      case "stall":
        if (stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "partial " }, finish_reason: null }] })}\n\n`);
        } else {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"choices":');
        }
        return; // silence until the client gives up
      case "reset":
        if (stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          for (const piece of ["first ", "second "]) res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
        } else {
          res.writeHead(200, { "content-type": "application/json" });
          res.flushHeaders();
        }
        setTimeout(() => req.socket.destroy(), 20);
        return;
      case "hang":
        return;
    }
    if (model.startsWith("judge-")) {
      if (model.startsWith("judge-strict") && (body.logprobs !== undefined || body.top_logprobs !== undefined))
        return sendJson(res, 400, errorBody("logprobs is not supported by this model", "invalid_request_error"));
      if (model.startsWith("judge-garbage")) return answer(res, model, body, "Both answers have their merits, it depends on the reader.");
      const v = judgeVerdict(model, prompt, cfg);
      const wantsLogprobs = body.logprobs === true && !model.endsWith("-nolp");
      return answer(res, model, body, v.letter, wantsLogprobs ? judgeLogprobs(v.letter, v.p) : undefined);
    }
    return answer(res, model, body, answerText(model, prompt));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(String(e), "server_error"));
      else res.destroy();
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/v1`,
    port: actual,
    config: cfg,
    requests,
    inFlight: () => live.size,
    peakInFlight: () => peak,
    openSockets: () => [...sockets].filter((s) => used.has(s)).length,
    async waitForInFlight(n, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (live.size !== n) {
        if (Date.now() > until) throw new Error(`server: ${live.size} requests in flight, expected ${n}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    reset() {
      requests.length = 0;
      counts.clear();
      peak = live.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const configFile = arg("--config");
  const config = configFile ? (JSON.parse(readFileSync(configFile, "utf8")) as OpenAiServerConfig) : {};
  startOpenAiServer(config, Number(arg("--port") ?? 0)).then((srv) => {
    process.stdout.write(`listening ${srv.url}\n`);
    const stop = () => void srv.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
