// What the pairrm and reward engines need to run their batches on an Open Inference
// Protocol (KServe v2) server instead of onnxruntime-node. Plain data: it travels to the
// inference worker inside EngineOptions.

export interface RemoteInferenceOptions {
  /** Base URL of the server (`http(s)://host:port`, optionally with a path prefix); `/v2/...` is appended. */
  url: string;
  /** The model's name on the server (`/v2/models/{model}`). */
  model: string;
  /** Bearer token, resolved by the adapter (CLI: an environment variable; VS Code: SecretStorage). Never logged. */
  token?: string;
  /** Where the token comes from, named in "not authorised" errors (e.g. `ANSWER_BLENDER_REMOTE_TOKEN`). */
  tokenSource?: string;
  /** Batches in flight at once (default 4). */
  concurrency?: number;
  /** Limit for one HTTP request, from sending to the whole response read (ms, default 120,000). */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 502, 503, 504 and connection errors (default 3). */
  maxRetries?: number;
  /** First retry waits about this long (ms, default 500); doubles each attempt up to backoffMaxMs (default 10,000). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** The environment variable the CLI reads the bearer token from unless --remote-token-env names another. */
export const DEFAULT_REMOTE_TOKEN_ENV = "ANSWER_BLENDER_REMOTE_TOKEN";

export const REMOTE_DEFAULTS = {
  concurrency: 4,
  timeoutMs: 120_000,
  maxRetries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
} as const;

/** Engines that can run remotely. */
export const REMOTE_ENGINES = ["pairrm", "reward"] as const;

/** The URL without user name, password, query or trailing slash: safe to show, and the base the client appends to. */
export function remoteBaseUrl(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  return u.toString().replace(/\/+$/, "");
}

/** Undefined when `url` is a usable http(s) URL, else what is wrong with it. */
export function remoteUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL (expected http://host:port)`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `"${url}" is not an http(s) URL`;
  return undefined;
}
