// HTTP for the Open Inference Protocol (KServe v2 REST) on Node's fetch: a per-request
// timeout, retries with backoff for 429, 502–504 and dropped connections, a concurrency
// limit, cancellation, and the server's `{"error": …}` text in every failure. The bearer
// token never reaches a message or log line.
import { abortError } from "../errors";
import { excerpt, redact } from "../endpoints/errors";
import { describeNetworkError } from "../endpoints/http-errors";
import { Limiter } from "../endpoints/limiter";
import { backoffDelay, parseRetryAfter, sleep } from "../endpoints/retry";
import { oipErrorText, RemoteInferenceError } from "./oip-errors";
import { DEFAULT_REMOTE_TOKEN_ENV, REMOTE_DEFAULTS, remoteBaseUrl, type RemoteInferenceOptions } from "./remote-options";

/** A Retry-After longer than this fails the request instead of waiting (ms). */
const MAX_RETRY_AFTER_MS = 60_000;

type Settings = Record<keyof typeof REMOTE_DEFAULTS, number>;

export class OipClient {
  /** The server's base URL, safe to show (no credentials). */
  readonly base: string;
  private readonly s: Settings;
  private readonly limiter: Limiter;

  constructor(
    private readonly opts: RemoteInferenceOptions,
    private readonly log?: (line: string) => void,
    private readonly random: () => number = Math.random,
  ) {
    this.base = remoteBaseUrl(opts.url);
    const given = Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in REMOTE_DEFAULTS && typeof v === "number" && Number.isFinite(v)));
    this.s = { ...REMOTE_DEFAULTS, ...given } as Settings;
    this.limiter = new Limiter(Math.max(1, Math.floor(this.s.concurrency)));
  }

  get concurrency(): number {
    return this.limiter.limit;
  }

  /** Requests holding a concurrency slot now. */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /** Names the server (and model) in messages. */
  get where(): string {
    return `remote inference server ${this.base}`;
  }

  private modelPath(): string {
    return `/v2/models/${encodeURIComponent(this.opts.model)}`;
  }

  /** GET /v2/health/ready: resolves when the server says it is ready (a 503 while it starts up is retried). */
  async ready(signal?: AbortSignal): Promise<void> {
    await this.request("GET", "/v2/health/ready", undefined, signal);
  }

  /** GET /v2/models/{model}: the model's metadata, as text. */
  metadata(signal?: AbortSignal): Promise<string> {
    return this.request("GET", this.modelPath(), undefined, signal);
  }

  /** POST /v2/models/{model}/infer with a JSON inference request; the response as text. */
  infer(body: string, signal?: AbortSignal): Promise<string> {
    return this.request("POST", `${this.modelPath()}/infer`, body, signal);
  }

  private async request(method: "GET" | "POST", path: string, body: string | undefined, signal?: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      let failure: RemoteInferenceError;
      const release = await this.limiter.acquire(signal);
      try {
        return await this.attempt(method, path, body, signal);
      } catch (e) {
        if (signal?.aborted) throw abortError();
        if (!(e instanceof RemoteInferenceError)) throw e;
        failure = e;
      } finally {
        release();
      }
      const tries = attempt > 1 ? ` (after ${attempt} attempts)` : "";
      if (!failure.retryable || attempt > this.s.maxRetries) throw this.final(failure, failure.message + tries);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > MAX_RETRY_AFTER_MS)
        throw this.final(failure, `${failure.message}; the server asks to retry after ${Math.ceil(failure.retryAfterMs / 1000)} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s allowed`);
      const wait = failure.retryAfterMs ?? backoffDelay(attempt, { baseMs: this.s.backoffBaseMs, maxMs: this.s.backoffMaxMs }, this.random);
      this.say(`${method} ${path}: attempt ${attempt} failed (${failure.message}); retrying in ${wait} ms`);
      try {
        await sleep(wait, signal);
      } catch {
        throw abortError();
      }
    }
  }

  private final(e: RemoteInferenceError, message: string): RemoteInferenceError {
    const safe = redact(message, [this.opts.token]);
    this.say(safe);
    return new RemoteInferenceError(safe, e.kind, e.status, false);
  }

  private say(line: string): void {
    this.log?.(redact(`remote ${this.base}: ${line}`, [this.opts.token]));
  }

  /** One HTTP exchange: the whole response within the timeout. */
  private async attempt(method: "GET" | "POST", path: string, body: string | undefined, outer?: AbortSignal): Promise<string> {
    const url = this.base + path;
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "answer-blender" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const ac = new AbortController();
    const onOuter = () => ac.abort();
    outer?.addEventListener("abort", onOuter, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.s.timeoutMs);
    const lost = (e: unknown, reading: boolean): Error => {
      if (timedOut) return new RemoteInferenceError(`${this.where}: no ${reading ? "complete " : ""}response to ${method} ${path} within ${this.s.timeoutMs} ms (the request timeout)`, "timeout");
      if (outer?.aborted) return abortError();
      return new RemoteInferenceError(`${this.where}: ${reading ? "connection lost while reading the response to" : "cannot send"} ${method} ${path}: ${describeNetworkError(e)}`, "network", undefined, true);
    };
    try {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body, signal: ac.signal });
      } catch (e) {
        throw lost(e, false);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw lost(e, true);
      }
      if (!res.ok) throw this.httpError(res, text, method, path);
      return text;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuter);
    }
  }

  private httpError(res: Response, body: string, method: string, path: string): RemoteInferenceError {
    const serverText = oipErrorText(body) ?? (body.trim() ? body : "");
    const detail = serverText ? `: ${excerpt(serverText, 300)}` : "";
    const s = res.status;
    const head = `${this.where}: ${method} ${path}: HTTP ${s}${res.statusText ? " " + res.statusText : ""}`;
    const retryAfter = parseRetryAfter(res.headers);
    if (s === 401 || s === 403) {
      const hint = this.opts.token
        ? `the server rejected the token${this.opts.tokenSource ? ` from ${this.opts.tokenSource}` : ""}`
        : `no token was sent (CLI: set ${DEFAULT_REMOTE_TOKEN_ENV}, or name another variable with --remote-token-env; VS Code: "Answer Blender: Set API Key" → remote inference server)`;
      return new RemoteInferenceError(`${head}: ${s === 401 ? "not authorised" : "forbidden"}, ${hint}${detail}`, "auth", s);
    }
    if (path === "/v2/health/ready") {
      if (s === 404) return new RemoteInferenceError(`${head}: not found: is ${this.base} an Open Inference Protocol (KServe v2) server such as Triton, KServe, MLServer or OpenVINO Model Server?${detail}`, "not-found", s);
      return new RemoteInferenceError(`${head}: the server is not ready${detail}`, "not-ready", s, s === 503 || s === 502 || s === 504 || s === 429, retryAfter);
    }
    if (s === 404) return new RemoteInferenceError(`${head}: the server has no model "${this.opts.model}" (check the model name; Triton names it after its folder in the model repository)${detail}`, "not-found", s);
    if (s === 429) return new RemoteInferenceError(`${head}: rate limited${detail}`, "rate-limit", s, true, retryAfter);
    if (s === 502 || s === 503 || s === 504) return new RemoteInferenceError(`${head}: server unavailable${detail}`, "server", s, true, retryAfter);
    if (s >= 500) return new RemoteInferenceError(`${head}: server error${detail}`, "server", s);
    return new RemoteInferenceError(`${head}: the server rejected the request${detail}`, "rejected", s);
  }
}
