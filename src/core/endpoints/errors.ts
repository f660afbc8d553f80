// Endpoint failures with messages a user can act on. Keys never reach a message: see redact().
import { ChatModelError, type ChatErrorKind } from "../chat/errors";

export type EndpointErrorKind = ChatErrorKind;

/** A failure of an OpenAI-compatible endpoint: a ChatModelError with the HTTP details. */
export class EndpointError extends ChatModelError {
  constructor(
    message: string,
    kind: EndpointErrorKind,
    readonly endpoint: string,
    readonly status?: number,
    /** Whether another attempt may succeed (429, 5xx, connection errors before any data). */
    retryable = false,
    /** Server-requested wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message, kind, endpoint, retryable);
    this.name = "EndpointError";
  }
}

/** Token-looking strings that must never be printed even if we were not told they are secret. */
const SECRET_PATTERNS: RegExp[] = [
  /\b(sk|rk|pk)-[A-Za-z0-9_-]{8,}/g, // OpenAI-style keys (sk-…, sk-proj-…, OpenRouter sk-or-…)
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(api[_-]?key|access[_-]?token|token)=([^&\s"']{6,})/gi,
];

/** Shortest piece of a known key that counts as a leak when it appears on its own. */
export const MIN_KEY_FRAGMENT = 8;

/** [start, end) of every run of `text` that is a prefix or a suffix (≥ MIN_KEY_FRAGMENT characters) of `secret`. */
function fragmentSpans(text: string, secret: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (secret.length < MIN_KEY_FRAGMENT) return spans;
  const head = secret.slice(0, MIN_KEY_FRAGMENT);
  for (let p = text.indexOf(head); p >= 0; p = text.indexOf(head, p + 1)) {
    let n = MIN_KEY_FRAGMENT;
    while (n < secret.length && text[p + n] === secret[n]) n++;
    spans.push([p, p + n]);
  }
  const tail = secret.slice(-MIN_KEY_FRAGMENT);
  for (let p = text.indexOf(tail); p >= 0; p = text.indexOf(tail, p + 1)) {
    const end = p + MIN_KEY_FRAGMENT;
    let start = p;
    while (end - start < secret.length && start > 0 && text[start - 1] === secret[secret.length - (end - start) - 1]) start--;
    spans.push([start, end]);
  }
  return spans;
}

function removeSpans(text: string, spans: Array<[number, number]>): string {
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (e <= at) continue;
    out += text.slice(at, Math.max(at, s)) + (s >= at ? "***" : "");
    at = e;
  }
  return out + text.slice(at);
}

/**
 * Replaces every given secret and anything key-like by `***`; for keys of 8 characters or more,
 * also any start or end of the key of 8 or more characters (what is left when a body was cut
 * through the key, here or by the server).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  for (const s of secrets) if (s) out = removeSpans(out, fragmentSpans(out, s));
  for (const re of SECRET_PATTERNS)
    out = out.replace(re, (m, a: string) => (/^(bearer|basic)$/i.test(a) ? `${a} ***` : /=/.test(m) ? `${a}=***` : "***"));
  return out;
}

/**
 * A short, single-line excerpt of a response body for an error message. Secrets are redacted
 * before the cut, so the cut can never leave part of a key behind.
 */
export function excerpt(body: string, max = 200, secrets: readonly (string | undefined)[] = []): string {
  const one = redact(body, secrets).replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max) + "…" : one;
}
