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
 *   nochoices      200 JSON without "choices"
 *   slow           headers only after `slowMs`        stall        headers (+ one chunk when streamed), then silence
 *   reset          streams two chunks, then destroys the socket (non-streamed: headers, then destroy)
 *   cut-raw        raw HTTP/1.1 without chunked encoding or length ("connection: close"): two deltas, then a
 *                  clean close, which looks like a normal end of the body (non-streamed: a content-length
 *                  larger than the JSON sent, then the close)
 *   reset-raw      like cut-raw, but the connection is reset (RST) after the deltas
 *   no-done        a chunked stream of deltas that ends cleanly without a finish reason or [DONE]
 *   no-done-stop   deltas and finish_reason "stop", but no [DONE] (complete: some servers never send it)
 *   huge           an answer of `hugeBytes` (default 3 MiB), streamed in 64 KiB pieces
 *   keyecho-N      400 whose JSON error message has N padding characters, then the API key sent (the
 *                  cut point of error excerpts is 200 characters); keyecho-text-N: the same as text/plain
 *   hang           never answers (until the client goes away)
 *   judge-long     judge: prefers the longer answer; judge-order: prefers the answer earlier in `judgeOrder`
 *                  both return logprobs when asked; the suffix -nolp never returns logprobs
 *   judge-strict-* like judge-long, but answers 400 to any request carrying logprobs parameters
 *   judge-garbage  judge that replies with prose, no verdict
 *   judge-C        always answers the tie letter "C"
 *   judge-list     listwise judge: ranks the shown answers by `judgeOrder` (unknown texts last, in the
 *                  order shown), a sentence, then "FINAL RANKING: C > A > B"; a repair request gets the line alone
 *   judge-list-messy   the same ranking as "**Final ranking:** answer c > a > B."
 *   judge-list-repair  first reply without a ranking line; the repair request gets a good one
 *   judge-list-broken  always leaves the last label out, repair or not
 *   judge-list-first   ranks the answers in the order shown (a pure position bias)
 *   council-*      answers `answers[model]` when asked the prompt; given a listwise judging prompt, ranks
 *                  like judge-list but puts its own answer (`answers[model]`) first when it is shown (self-preference)
 * `reply` (in-process only) can answer any request first: return a text to send, or undefined to go on.
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
  /** Answers' texts, best first, for judge-order, judge-list and council-*. */
  judgeOrder?: string[];
  /** Size of the "huge" model's answer in bytes (default 3 MiB). */
  hugeBytes?: number;
  /** Per-model behaviour, checked before the built-in model names (the e2e chat models use it). */
  script?: Record<string, ScriptedModel>;
  /** Scripted replies (in-process servers only): a text to answer with, or undefined for the built-in behaviour. */
  reply?: (req: { model: string; body: Record<string, unknown>; prompt: string }) => string | undefined;
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

/** The answers of a listwise judging prompt, in the order shown, with their labels. */
export function shownAnswers(prompt: string): Array<{ label: string; text: string }> {
  const out: Array<{ label: string; text: string }> = [];
  const re = /\[The Start of Answer ([A-Z]+)\]\n([\s\S]*?)\n\[The End of Answer \1\]/g;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) out.push({ label: m[1], text: m[2] });
  return out;
}

/** The listwise prompt of a conversation (the first user message that shows labelled answers). */
function listwiseRequest(body: Json): string | undefined {
  const msgs = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const m = msgs.find((x) => x?.role === "user" && typeof x.content === "string" && (x.content as string).includes("[The Start of Answer A]"));
  return m ? (m.content as string) : undefined;
}

/** The reply of a listwise judge model (see the list at the top); undefined for other requests. */
function listwiseReply(model: string, body: Json, cfg: OpenAiServerConfig): string | undefined {
  const request = listwiseRequest(body);
  if (!request) return undefined;
  const repair = (Array.isArray(body.messages) ? (body.messages as Json[]) : []).some((x) => x?.role === "assistant");
  const shown = shownAnswers(request);
  const order = cfg.judgeOrder ?? [];
  const pos = (t: string) => {
    const i = order.findIndex((o) => o.trim() === t.trim());
    return i < 0 ? order.length : i;
  };
  let ranked = shown.map((a, i) => ({ ...a, i }));
  if (!model.startsWith("judge-list-first")) ranked.sort((x, y) => pos(x.text) - pos(y.text) || x.i - y.i);
  const own = cfg.answers?.[model];
  if (model.startsWith("council-") && own !== undefined) ranked = [...ranked.filter((a) => a.text === own), ...ranked.filter((a) => a.text !== own)];
  const labels = ranked.map((a) => a.label);
  if (model.startsWith("judge-list-broken")) labels.pop();
  const line = model.startsWith("judge-list-messy")
    ? `**Final ranking:** answer ${labels[0].toLowerCase()} > ${labels.slice(1).map((l, i) => (i % 2 ? l : l.toLowerCase())).join(" > ")}.`
    : `FINAL RANKING: ${labels.join(" > ")}`;
  if (repair) return line;
  if (model.startsWith("judge-list-repair")) return `Answer ${labels[0]} is the most helpful; the others are weaker.`;
  return `Answer ${labels[0]} is the most helpful and correct; Answer ${labels[labels.length - 1]} the least.\n${line}`;
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
  if (text.length > 1 << 20) return text.match(/[\s\S]{1,65536}/g) ?? [""];
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

/**
 * Writes the response straight to the socket as HTTP/1.1 without chunked encoding or a length
 * (the body ends when the connection does), sends part of it, then closes or resets.
 */
function rawCut(req: IncomingMessage, stream: boolean, reset: boolean): void {
  // Nothing goes through `res`, which stays open until the socket closes (so inFlight() sees it end).
  const socket = req.socket;
  if (stream) {
    const events = ["first ", "second "].map((piece) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`).join("");
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n${events}`);
  } else {
    const body = '{"id":"chatcmpl-test","choices":[{"index":0,"message":{"role":"assistant","content":"half an ans';
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length + 100}\r\nconnection: close\r\n\r\n${body}`);
  }
  setTimeout(() => (reset ? socket.resetAndDestroy() : socket.end()), 20);
}

export async function startOpenAiServer(config: OpenAiServerConfig = {}, port = 0): Promise<OpenAiTestServer> {
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const live = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const used = new WeakSet<Socket>();
  const onSocket = new WeakMap<Socket, RecordedRequest[]>();
  const cfg = config;
  let peak = 0;

  const answerText = (model: string, prompt: string): string => {
    if (cfg.answers?.[model] !== undefined) return cfg.answers[model];
    if (model === "empty") return "";
    if (model === "huge") return "word ".repeat(Math.ceil((cfg.hugeBytes ?? 3 * 1024 * 1024) / 5));
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
    else {
      // One close listener per socket, however many requests a kept-alive connection carries.
      let recs = onSocket.get(req.socket);
      if (!recs) {
        const list: RecordedRequest[] = [];
        onSocket.set(req.socket, (recs = list));
        req.socket.once("close", () => {
          const t = performance.now();
          for (const r of list) r.socketClosedAt = t;
        });
      }
      recs.push(rec);
    }
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
      case "nochoices":
        return sendJson(res, 200, { id: "chatcmpl-test", object: "chat.completion", created: 1_700_000_000, model });
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
      case "cut-raw":
      case "reset-raw":
        return rawCut(req, stream, model === "reset-raw");
      case "no-done":
      case "no-done-stop": {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for (const piece of ["first ", "second"]) res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
        if (model === "no-done-stop") res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
        res.end();
        return;
      }
    }
    const echo = /^keyecho-(text-)?(\d+)$/.exec(model);
    if (echo) {
      const message = "x".repeat(Number(echo[2])) + sentKey + " is the key this request was made with";
      if (echo[1]) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(message);
        return;
      }
      return sendJson(res, 400, errorBody(message, "invalid_request_error"));
    }
    const hooked = cfg.reply?.({ model, body, prompt });
    if (hooked !== undefined) return answer(res, model, body, hooked);
    if (model.startsWith("judge-list") || model.startsWith("council-")) {
      const list = listwiseReply(model, body, cfg);
      if (list !== undefined) return answer(res, model, body, list);
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
