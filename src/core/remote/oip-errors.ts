// Failures of a remote inference server, with messages a user can act on.
import { ModelError } from "../errors";

export type RemoteErrorKind = "network" | "timeout" | "auth" | "not-found" | "not-ready" | "rate-limit" | "server" | "rejected" | "bad-response" | "mismatch";

/**
 * A ModelError (the model cannot be used as configured): it keeps that name, so the CLI
 * prints it as one line and the inference worker hands it back as a ModelError.
 */
export class RemoteInferenceError extends ModelError {
  constructor(
    message: string,
    readonly kind: RemoteErrorKind,
    readonly status?: number,
    /** Whether another attempt may succeed (429, 502–504, connection errors). */
    readonly retryable = false,
    /** Server-requested wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The text of an Open Inference Protocol error body (`{"error": "..."}`), if the body is one. */
export function oipErrorText(body: string): string | undefined {
  try {
    const v: unknown = JSON.parse(body);
    if (typeof v === "object" && v !== null && "error" in v) {
      const e = (v as { error: unknown }).error;
      if (typeof e === "string") return e;
      if (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
      return JSON.stringify(e);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
