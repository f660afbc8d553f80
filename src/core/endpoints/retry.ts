// Backoff schedule and Retry-After parsing for endpoint requests.

export interface BackoffSettings {
  /** First retry waits about this long (ms); doubles each attempt. */
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random,
 * so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, s: BackoffSettings, random: () => number = Math.random): number {
  const exp = Math.min(s.maxMs, s.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * The wait a server asks for, in ms: `retry-after-ms` (OpenAI), else `Retry-After` as
 * seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const v = headers.get("retry-after");
  if (v === null) return undefined;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const date = Date.parse(t);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's abort as soon as it fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
