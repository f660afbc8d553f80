// OpenAI-compatible /chat/completions client on Node's built-in fetch: streaming, timeouts,
// retries with backoff, a concurrency limit and cancellation. API keys never reach a log or error.
import type { EndpointConfig } from "../engine-options";
import { abortError } from "../errors";
import type { ChatAnswer, ChatRequest, CompletionParts, TokenLogprob } from "./chat-types";
import { readCompletion, readStreamChunk } from "./chat-types";
import { EndpointError, excerpt, redact } from "./errors";
import { describeNetworkError, httpError } from "./http-errors";
import { Limiter } from "./limiter";
import { BodyTooLarge, readChunks, readText } from "./read-body";
import { DEFAULT_MAX_ANSWER_BYTES, formatBytes, overAnswerLimit } from "../limits";
import { backoffDelay, sleep } from "./retry";
import { SseParser } from "./sse";

export interface ClientOptions {
  /** Max wait for the response headers of one attempt (ms). */
  firstByteTimeoutMs?: number;
  /** Max silence between two chunks of a body or stream (ms). */
  idleTimeoutMs?: number;
  /** Max total time for one request, retries and waits included (ms). */
  deadlineMs?: number;
  /** Retries after the first attempt, for 429, 5xx and connection errors. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this fails the request instead of waiting (ms). */
  maxRetryAfterMs?: number;
  /** Requests in flight at once, over all endpoints of this client. */
  concurrency?: number;
  /** The most bytes (UTF-8) an answer may have; a longer one fails its request (default 2 MiB, as answer files). */
  maxAnswerBytes?: number;
  /** Receives one line per attempt, retry and failure (already redacted). */
  log?: (line: string) => void;
  /** Told about every retry before its wait starts. */
  onRetry?: (e: RetryEvent) => void;
  random?: () => number;
}

export interface RetryEvent {
  endpoint: string;
  /** The attempt that failed (1 = first). */
  attempt: number;
  delayMs: number;
  /** Whether the delay came from the server's Retry-After. */
  fromRetryAfter: boolean;
  reason: string;
}

export const DEFAULT_CLIENT_OPTIONS = {
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  deadlineMs: 600_000,
  maxRetries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 60_000,
  concurrency: 4,
  maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
} as const;

/** Error bodies are only quoted (200 characters), so little of them is read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A JSON body may be bigger than its answer (escapes, logprobs): this many times the answer limit, plus room for the envelope. */
const JSON_BODY_FACTOR = 4;
/** A stream spends about 40 bytes of event framing per token: the raw stream may be this many times the answer limit. */
const SSE_BODY_FACTOR = 64;

/** `{baseUrl}/chat/completions`, unless baseUrl already names it. */
export function chatUrl(baseUrl: string): string {
  const b = baseUrl.replace(/\/+$/, "");
  return /\/chat\/completions$/.test(b) ? b : `${b}/chat/completions`;
}

type Settings = Required<Omit<ClientOptions, "log" | "onRetry" | "random">>;

export class ChatClient {
  private readonly s: Settings;
  private readonly limiter: Limiter;
  private readonly random: () => number;

  constructor(private readonly opts: ClientOptions = {}) {
    const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
    this.s = { ...DEFAULT_CLIENT_OPTIONS, ...defined } as Settings;
    this.limiter = new Limiter(this.s.concurrency);
    this.random = opts.random ?? Math.random;
  }

  /** Requests currently holding a concurrency slot. */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /**
   * One chat completion. Throws EndpointError (message names the endpoint, never the key)
   * or an AbortError when `req.signal` fires.
   */
  async complete(ep: EndpointConfig, req: ChatRequest): Promise<ChatAnswer> {
    if (req.signal?.aborted) throw abortError();
    if (ep.apiKeyEnv && !ep.apiKey)
      throw new EndpointError(
        `endpoint "${ep.id}": no API key: the environment variable ${ep.apiKeyEnv} (apiKeyEnv) is not set` +
          ` (in VS Code use "Answer Blender: Set API Key")`,
        "no-key",
        ep.id,
      );
    const started = performance.now();
    const overall = new AbortController();
    let deadlineHit = false;
    const onUser = () => overall.abort();
    req.signal?.addEventListener("abort", onUser, { once: true });
    const deadline = setTimeout(() => {
      deadlineHit = true;
      overall.abort();
    }, this.s.deadlineMs);
    const secrets = [ep.apiKey];
    try {
      for (let attempt = 1; ; attempt++) {
        let failure: EndpointError;
        const release = await this.limiter.acquire(overall.signal).catch(() => null);
        try {
          if (!release) throw abortError();
          const parts = await this.attempt(ep, req, overall.signal, attempt, started);
          const latencyMs = Math.round(performance.now() - started);
          this.log(ep, `← ${parts.finishReason ?? "done"} in ${latencyMs} ms, ${parts.completionTokens ?? "?"} tokens`);
          const { logprobs, ...rest } = parts;
          return { ...rest, latencyMs, attempts: attempt, ...(logprobs.length ? { logprobs } : {}) };
        } catch (e) {
          if (req.signal?.aborted) throw abortError();
          if (deadlineHit)
            throw new EndpointError(`endpoint "${ep.id}": no complete answer within the overall deadline of ${this.s.deadlineMs} ms`, "timeout", ep.id);
          if (!(e instanceof EndpointError)) throw e;
          failure = e;
        } finally {
          release?.();
        }
        const elapsed = performance.now() - started;
        const wait = failure.retryAfterMs ?? backoffDelay(attempt, { baseMs: this.s.backoffBaseMs, maxMs: this.s.backoffMaxMs }, this.random);
        const tries = attempt > 1 ? ` (after ${attempt} attempts)` : "";
        if (!failure.retryable || attempt > this.s.maxRetries) throw this.final(failure, failure.message + tries, secrets);
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.s.maxRetryAfterMs)
          throw this.final(failure, `${failure.message}; the server asks to retry after ${Math.ceil(failure.retryAfterMs / 1000)} s, longer than the ${Math.ceil(this.s.maxRetryAfterMs / 1000)} s allowed`, secrets);
        if (elapsed + wait > this.s.deadlineMs)
          throw this.final(failure, `${failure.message}; no time left before the ${this.s.deadlineMs} ms deadline to retry`, secrets);
        this.log(ep, `attempt ${attempt} failed (${failure.message.replace(`endpoint "${ep.id}": `, "")}); retrying in ${wait} ms`);
        this.opts.onRetry?.({ endpoint: ep.id, attempt, delayMs: wait, fromRetryAfter: failure.retryAfterMs !== undefined, reason: redact(failure.message, secrets) });
        try {
          await sleep(wait, overall.signal);
        } catch {
          if (req.signal?.aborted) throw abortError();
          throw new EndpointError(`endpoint "${ep.id}": no complete answer within the overall deadline of ${this.s.deadlineMs} ms`, "timeout", ep.id);
        }
      }
    } finally {
      clearTimeout(deadline);
      req.signal?.removeEventListener("abort", onUser);
    }
  }

  /** The error that ends the request. Not logged here: whoever catches it reports it, once. */
  private final(e: EndpointError, message: string, secrets: (string | undefined)[]): EndpointError {
    return new EndpointError(redact(message, secrets), e.kind, e.endpoint, e.status, false);
  }

  private log(ep: EndpointConfig, line: string): void {
    this.opts.log?.(redact(`endpoint ${ep.id}: ${line}`, [ep.apiKey]));
  }

  /** One HTTP attempt: headers within the first-byte timeout, then the body with the idle timeout. */
  private async attempt(ep: EndpointConfig, req: ChatRequest, outer: AbortSignal, attempt: number, started: number): Promise<CompletionParts> {
    const url = chatUrl(ep.baseUrl);
    const stream = req.stream ?? false;
    const body: Record<string, unknown> = { model: ep.model, messages: req.messages, stream };
    const temperature = req.temperature ?? ep.temperature;
    if (temperature !== undefined) body.temperature = temperature;
    const maxTokens = req.maxTokens ?? ep.maxTokens;
    if (maxTokens !== undefined) body.max_tokens = maxTokens;
    if (req.logprobs) {
      body.logprobs = true;
      body.top_logprobs = req.topLogprobs ?? 5;
    }
    if (stream) body.stream_options = { include_usage: true };
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
      "user-agent": "answer-blender",
    };
    if (ep.apiKey) headers.authorization = `Bearer ${ep.apiKey}`;

    const ac = new AbortController();
    const onOuter = () => ac.abort();
    outer.addEventListener("abort", onOuter, { once: true });
    let timedOut: "first-byte" | "idle" | null = null;
    let timer = setTimeout(() => {
      timedOut = "first-byte";
      ac.abort();
    }, this.s.firstByteTimeoutMs);
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = "idle";
        ac.abort();
      }, this.s.idleTimeoutMs);
    };
    const id = `endpoint "${ep.id}"`;
    this.log(ep, `POST ${url} model=${ep.model}${stream ? " stream" : ""} attempt ${attempt}`);
    try {
      let res: Response;
      try {
        res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: ac.signal });
      } catch (e) {
        if (timedOut) throw new EndpointError(`${id}: no response within ${this.s.firstByteTimeoutMs} ms (first-byte timeout)`, "timeout", ep.id);
        if (outer.aborted) throw abortError();
        throw new EndpointError(`${id}: cannot reach ${url}: ${describeNetworkError(e)}`, "network", ep.id, undefined, true);
      }
      idle();
      const type = (res.headers.get("content-type") ?? "").toLowerCase();
      let delivered = 0;
      const limit = this.s.maxAnswerBytes;
      const tooLarge = (what: string) => new EndpointError(`${id}: ${what}`, "bad-response", ep.id, res.status);
      const readError = (e: unknown): Error => {
        if (e instanceof BodyTooLarge) return tooLarge(`the response is ${overAnswerLimit(`over ${formatBytes(e.limit)}`, limit)}`);
        if (timedOut === "idle")
          return new EndpointError(
            `${id}: the ${stream ? "stream" : "response"} stalled: no data for ${this.s.idleTimeoutMs} ms (idle timeout)` +
              (delivered ? ` after ${delivered} characters` : ""),
            "timeout",
            ep.id,
          );
        if (outer.aborted) return abortError();
        return new EndpointError(
          `${id}: connection lost ${stream ? "mid-stream" : "while reading the response"}${delivered ? ` after ${delivered} characters` : ""}: ${describeNetworkError(e)}`,
          delivered ? "stream-broken" : "network",
          ep.id,
          undefined,
          delivered === 0,
        );
      };

      if (!res.ok) {
        let text = "";
        try {
          text = await readText(res, idle, MAX_ERROR_BODY_BYTES);
        } catch (e) {
          if (!(e instanceof BodyTooLarge)) throw readError(e);
        }
        throw httpError(res, text, ep, url);
      }

      if (stream && type.includes("text/event-stream")) {
        const parser = new SseParser();
        const parts: CompletionParts = { text: "", logprobs: [] };
        let done = false;
        let answerBytes = 0;
        let firstTokenAt: number | undefined;
        const handle = (data: string) => {
          if (done || ac.signal.aborted) return; // nothing reaches the caller after a cancel
          if (data.trim() === "[DONE]") {
            done = true;
            return;
          }
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            throw new EndpointError(`${id}: a stream event is not valid JSON: ${excerpt(data, 200, [ep.apiKey])}`, "bad-response", ep.id);
          }
          const r = readStreamChunk(json);
          if (!r.ok) throw new EndpointError(`${id}: ${r.problem}`, "bad-response", ep.id);
          const c = r.value;
          if (c.delta) {
            firstTokenAt ??= performance.now();
            answerBytes += Buffer.byteLength(c.delta);
            if (answerBytes > limit) throw tooLarge(`the answer is ${overAnswerLimit(`more than ${limit} bytes (stopped after ${delivered} characters)`, limit)}`);
            parts.text += c.delta;
            delivered += c.delta.length;
            req.onDelta?.(c.delta);
          }
          if (c.finishReason) parts.finishReason = c.finishReason;
          if (c.promptTokens !== undefined) parts.promptTokens = c.promptTokens;
          if (c.completionTokens !== undefined) parts.completionTokens = c.completionTokens;
          parts.logprobs.push(...c.logprobs);
        };
        try {
          await readChunks(res, idle, (chunk) => parser.push(chunk).forEach(handle), SSE_BODY_FACTOR * limit);
        } catch (e) {
          if (e instanceof EndpointError) throw e;
          throw readError(e);
        }
        parser.end().forEach(handle);
        // A stream that just stops (a proxy closing a connection without chunked encoding, a
        // server that died) looks like a clean end to HTTP: only [DONE] or a finish reason say the answer is whole.
        if (!done && !parts.finishReason && !ac.signal.aborted)
          throw new EndpointError(
            `${id}: connection lost mid-stream${delivered ? ` after ${delivered} characters` : ""}: the stream ended without a finish reason or [DONE], so the answer is incomplete`,
            delivered ? "stream-broken" : "network",
            ep.id,
            undefined,
            delivered === 0,
          );
        if (firstTokenAt !== undefined) parts.firstTokenMs = Math.round(firstTokenAt - started);
        return parts;
      }

      if (type && !type.includes("json"))
        throw new EndpointError(
          `${id}: expected ${stream ? "text/event-stream or " : ""}JSON from ${url} but got content type "${type}"` +
            ` (is baseUrl an OpenAI-compatible API?)`,
          "bad-response",
          ep.id,
          res.status,
        );
      let text: string;
      try {
        text = await readText(res, idle, JSON_BODY_FACTOR * this.s.maxAnswerBytes + MAX_ERROR_BODY_BYTES);
      } catch (e) {
        throw readError(e);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new EndpointError(`${id}: the response is not valid JSON: ${excerpt(text, 200, [ep.apiKey])}`, "bad-response", ep.id, res.status);
      }
      const r = readCompletion(json);
      if (!r.ok) throw new EndpointError(`${id}: ${r.problem}`, "bad-response", ep.id, res.status);
      const bytes = Buffer.byteLength(r.value.text);
      if (bytes > limit) throw tooLarge(`the answer is ${overAnswerLimit(`${bytes} bytes`, limit)}`);
      // A server that ignored `stream: true` still answers: hand the whole text over as one piece.
      if (stream && r.value.text) req.onDelta?.(r.value.text);
      return r.value;
    } finally {
      clearTimeout(timer);
      outer.removeEventListener("abort", onOuter);
      if (!ac.signal.aborted) ac.abort(); // frees the connection if we stopped reading early
    }
  }
}

export type { ChatAnswer, ChatRequest, TokenLogprob };
