/** Bad user input: the CLI exits with code 2 and prints the message, which names file, line and field. */
export class InputError extends Error {
  /** The message without its file/line/field prefix. */
  readonly detail: string;
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(formatLocation(file, line, field) + message);
    this.detail = message;
    this.name = "InputError";
  }
}

/** A model folder or hub id that cannot be used: says what is missing and how to get it. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelError";
  }
}

export function formatLocation(file?: string, line?: number, field?: string): string {
  if (!file && line === undefined && !field) return "";
  let s = file ?? "";
  if (line !== undefined) s += `${s ? ":" : "line "}${line}`;
  if (field) s += `${s ? ": " : ""}field "${field}"`;
  return s + ": ";
}

export function abortError(): Error {
  const e = new Error("cancelled");
  e.name = "AbortError";
  return e;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

/**
 * A promise that rejects with an AbortError when `signal` aborts (never, without one), to race
 * against a wait whose library may not honour the signal; dispose() detaches it.
 */
export function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => undefined); // rejected after the wait settled: nobody listens any more
  return { promise, dispose: () => signal?.removeEventListener("abort", onAbort) };
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}
