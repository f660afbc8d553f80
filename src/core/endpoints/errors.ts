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

/** Replaces every given secret and anything key-like by `***`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  for (const re of SECRET_PATTERNS)
    out = out.replace(re, (m, a: string) => (/^(bearer|basic)$/i.test(a) ? `${a} ***` : /=/.test(m) ? `${a}=***` : "***"));
  return out;
}

/** A short, single-line excerpt of a response body for an error message. */
export function excerpt(body: string, max = 200): string {
  const one = body.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max) + "…" : one;
}
