// The VS Code Language Model API (vscode.lm) as a core ChatModel: a chat model another
// extension contributes (Copilot, a local provider…) answers, judges or fuses like an endpoint.
// Thin on purpose: messages in, streamed text out, cancellation, errors with a kind.
import * as vscode from "vscode";
import type { ChatMessage, ChatModel, ChatModelInfo, ChatReply, ChatSendRequest } from "../core/chat/chat-model";
import { ChatModelError, type ChatErrorKind } from "../core/chat/errors";
import { Limiter } from "../core/endpoints/limiter";
import { excerpt } from "../core/endpoints/errors";
import { abortError, isAbortError, whenAborted } from "../core/errors";

/** Requests in flight per model at once: a judge asks many pairs in parallel, and providers meter them. */
export const LM_CONCURRENCY = 4;

/** How settings, flags and candidate names refer to a VS Code chat model. */
export function lmModelId(m: Pick<vscode.LanguageModelChat, "vendor" | "id">): string {
  return `${m.vendor}/${m.id}`;
}

export function lmModelInfo(m: vscode.LanguageModelChat): ChatModelInfo {
  return {
    id: lmModelId(m),
    name: m.name,
    vendor: m.vendor,
    family: m.family,
    version: m.version,
    maxInputTokens: m.maxInputTokens,
    key: `vscode-lm:${m.vendor}/${m.id}@${m.version}`,
  };
}

/**
 * The stable API knows only user and assistant messages: system text goes at the top of the
 * first user message (or is one when there is none).
 */
export function toLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  let pending = system;
  const out: vscode.LanguageModelChatMessage[] = [];
  for (const m of messages) {
    if (m.role === "assistant") out.push(vscode.LanguageModelChatMessage.Assistant(m.content));
    else if (m.role === "user") {
      out.push(vscode.LanguageModelChatMessage.User(pending ? `${pending}\n\n${m.content}` : m.content));
      pending = "";
    }
  }
  if (pending) out.unshift(vscode.LanguageModelChatMessage.User(pending));
  return out;
}

function lmCode(e: unknown): string | undefined {
  if (e instanceof vscode.LanguageModelError) return e.code;
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && e.name === "LanguageModelError" && typeof code === "string" ? code : undefined;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : typeof e.cause === "string" ? e.cause : "";
  return [e.message, cause].filter((s) => s && s.trim()).join(": ");
}

/** A kind from the message, for errors without a LanguageModelError code that says it. */
function kindFromText(text: string, partial: boolean): ChatErrorKind {
  if (/quota|rate.?limit|too many requests|\b429\b/i.test(text)) return "rate-limit";
  if (/consent|permission|not allowed|unauthori[sz]ed|forbidden|\b40[13]\b|sign(?:ed)? ?in|authenticat/i.test(text)) return "auth";
  if (/not found|no such model|unknown model|\b404\b/i.test(text)) return "not-found";
  if (/timed? ?out|ETIMEDOUT/i.test(text)) return "timeout";
  if (/network|ECONN\w*|ENOTFOUND|EAI_AGAIN|fetch failed|socket|offline|connection/i.test(text)) return partial ? "stream-broken" : "network";
  if (/content filter|filtered|blocked|policy|refused/i.test(text)) return "blocked";
  return partial ? "stream-broken" : "server";
}

export function lmErrorKind(e: unknown, partial = false): ChatErrorKind {
  const code = lmCode(e);
  const text = errorText(e);
  if (code === vscode.LanguageModelError.NoPermissions.name) return "auth";
  if (code === vscode.LanguageModelError.NotFound.name) return "not-found";
  // VS Code documents Blocked for exceeded quotas too.
  if (code === vscode.LanguageModelError.Blocked.name) return /quota|rate.?limit|too many requests/i.test(text) ? "rate-limit" : "blocked";
  return kindFromText(text, partial);
}

/** The few words shown next to a model that gave no answer. */
export function lmErrorReason(kind: ChatErrorKind, code?: string): string {
  if (code === vscode.LanguageModelError.NoPermissions.name) return vscode.l10n.t("no consent");
  switch (kind) {
    case "auth":
    case "no-key":
      return vscode.l10n.t("not authorised");
    case "rate-limit":
      return vscode.l10n.t("rate limit or quota");
    case "not-found":
      return vscode.l10n.t("model not found");
    case "blocked":
      return vscode.l10n.t("blocked");
    case "timeout":
      return vscode.l10n.t("timed out");
    case "network":
      return vscode.l10n.t("unreachable");
    case "stream-broken":
      return vscode.l10n.t("answer broke off");
    default:
      return vscode.l10n.t("model error");
  }
}

const RETRYABLE: readonly ChatErrorKind[] = ["rate-limit", "timeout", "network", "server", "stream-broken"];

/** Any failure of a VS Code model as a ChatModelError: "copilot/gpt-4o: no consent (…)". */
export function toChatModelError(e: unknown, modelId: string, partial = false): ChatModelError {
  if (e instanceof ChatModelError) return e;
  const kind = lmErrorKind(e, partial);
  const reason = lmErrorReason(kind, lmCode(e));
  const detail = excerpt(errorText(e), 200);
  const message = detail ? vscode.l10n.t("{0}: {1} ({2})", modelId, reason, detail) : vscode.l10n.t("{0}: {1}", modelId, reason);
  return new ChatModelError(message, kind, modelId, RETRYABLE.includes(kind));
}

export class LmChatModel implements ChatModel {
  readonly capabilities = { logprobs: false };
  private readonly limiter = new Limiter(LM_CONCURRENCY);
  private current: vscode.LanguageModelChat;
  info: ChatModelInfo;

  constructor(model: vscode.LanguageModelChat) {
    this.current = model;
    this.info = lmModelInfo(model);
  }

  /** The same model (same id) offered again after VS Code's list changed: engines holding this object keep working. */
  rebind(model: vscode.LanguageModelChat): void {
    this.current = model;
    this.info = lmModelInfo(model);
  }

  get model(): vscode.LanguageModelChat {
    return this.current;
  }

  /**
   * Temperature and output limits are not sent: the stable API has no common option for them
   * (modelOptions are provider-specific). No logprobs either: the judge reads the verdict letter.
   */
  async send(req: ChatSendRequest): Promise<ChatReply> {
    const { signal } = req;
    if (signal?.aborted) throw abortError();
    const release = await this.limiter.acquire(signal);
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    const started = performance.now();
    let firstTokenMs: number | undefined;
    let text = "";
    // A provider that ignores the token must not hold a cancelled blend: every wait races the signal.
    const aborted = whenAborted(signal);
    let chunks: AsyncIterator<string> | undefined;
    try {
      if (signal?.aborted) throw abortError(); // while it waited for its turn
      const response = await Promise.race([this.current.sendRequest(toLmMessages(req.messages), { justification: req.justification }, cts.token), aborted.promise]);
      chunks = response.text[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([chunks.next(), aborted.promise]);
        if (next.done) break;
        const chunk = next.value;
        if (!chunk) continue;
        firstTokenMs ??= performance.now() - started;
        text += chunk;
        req.onDelta?.(chunk);
      }
      if (signal?.aborted) throw abortError();
      return { text, finishReason: "stop", latencyMs: performance.now() - started, ...(firstTokenMs !== undefined ? { firstTokenMs } : {}), attempts: 1 };
    } catch (e) {
      if (signal?.aborted || isAbortError(e)) throw abortError();
      throw toChatModelError(e, this.info.id, text.length > 0);
    } finally {
      aborted.dispose();
      // Not awaited: a provider that ignores cancellation may never finish its stream.
      if (signal?.aborted) void chunks?.return?.().catch(() => undefined);
      signal?.removeEventListener("abort", onAbort);
      cts.dispose();
      release();
    }
  }

  async countTokens(text: string, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw abortError();
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await this.current.countTokens(text, cts.token);
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw toChatModelError(e, this.info.id);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      cts.dispose();
    }
  }
}
