// Chat-model failures with a kind, whatever implementation raised them, and messages a
// user can act on. Keys never reach a message (see endpoints/errors.ts redact()).

export type ChatErrorKind =
  /** No API key where one is needed. */
  | "no-key"
  /** The key was rejected, or the user gave no consent / permission to use the model. */
  | "auth"
  /** Rate limit or quota. */
  | "rate-limit"
  | "not-found"
  /** The provider refused the request (content filter, policy, model turned off). */
  | "blocked"
  | "bad-request"
  | "server"
  | "bad-response"
  | "timeout"
  | "network"
  /** The connection broke after part of the answer had arrived. */
  | "stream-broken";

export class ChatModelError extends Error {
  constructor(
    message: string,
    readonly kind: ChatErrorKind,
    /** Id of the model or endpoint that failed. */
    readonly model: string,
    /** Whether another attempt may succeed. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = "ChatModelError";
  }
}

export function isChatModelError(e: unknown): e is ChatModelError {
  return e instanceof ChatModelError;
}

/** Kinds that fail every request the same way: a judge or fuser with one of these is misconfigured, not flaky. */
export const CONFIGURATION_KINDS: readonly ChatErrorKind[] = ["no-key", "auth", "not-found", "bad-request", "blocked"];

/** A few words saying why a model gave no answer, for the mark next to it ("blocked", "no consent"). */
export function chatErrorReason(kind: ChatErrorKind): string {
  switch (kind) {
    case "no-key":
      return "no API key";
    case "auth":
      return "not authorised";
    case "rate-limit":
      return "rate limit or quota";
    case "not-found":
      return "not found";
    case "blocked":
      return "blocked";
    case "bad-request":
      return "request rejected";
    case "server":
      return "server error";
    case "bad-response":
      return "bad response";
    case "timeout":
      return "timed out";
    case "network":
      return "unreachable";
    case "stream-broken":
      return "connection lost";
  }
}
