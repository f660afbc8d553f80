// The request/answer shapes of the HTTP chat client, and readers for OpenAI-compatible JSON.
import type { ChatMessage, ChatReply, TokenLogprob, TopLogprob } from "../chat/chat-model";

export type { ChatMessage, TokenLogprob, TopLogprob };

export interface ChatRequest {
  messages: ChatMessage[];
  /** Overrides the endpoint's temperature / maxTokens. */
  temperature?: number;
  maxTokens?: number;
  /** Stream with SSE; partial text goes to onDelta. */
  stream?: boolean;
  onDelta?: (text: string) => void;
  /** Ask for token log probabilities (`logprobs`, `top_logprobs`). */
  logprobs?: boolean;
  topLogprobs?: number;
  signal?: AbortSignal;
}

/** The HTTP client's answer: the chat-model reply, with the attempts always counted. */
export type ChatAnswer = ChatReply & { attempts: number };

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Message content may be a string or (some servers) an array of `{type:"text", text}` parts. */
function contentText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
  return "";
}

function readLogprobs(v: unknown): TokenLogprob[] {
  if (!isObj(v) || !Array.isArray(v.content)) return [];
  const out: TokenLogprob[] = [];
  for (const t of v.content) {
    if (!isObj(t) || typeof t.token !== "string" || typeof t.logprob !== "number") continue;
    const top = Array.isArray(t.top_logprobs)
      ? t.top_logprobs.filter((x): x is TopLogprob => isObj(x) && typeof x.token === "string" && typeof x.logprob === "number").map((x) => ({ token: x.token, logprob: x.logprob }))
      : [];
    out.push({ token: t.token, logprob: t.logprob, top });
  }
  return out;
}

function readUsage(v: unknown): { promptTokens?: number; completionTokens?: number } {
  if (!isObj(v)) return {};
  const r: { promptTokens?: number; completionTokens?: number } = {};
  if (typeof v.prompt_tokens === "number") r.promptTokens = v.prompt_tokens;
  if (typeof v.completion_tokens === "number") r.completionTokens = v.completion_tokens;
  return r;
}

/** The error message a server put in a JSON body (`{error:{message}}`, `{error:"…"}`, `{message}`, `{detail}`). */
export function serverErrorMessage(body: unknown): string | undefined {
  if (!isObj(body)) return undefined;
  const e = body.error;
  if (typeof e === "string") return e;
  if (isObj(e) && typeof e.message === "string") return e.message;
  if (typeof body.message === "string") return body.message;
  if (typeof body.detail === "string") return body.detail;
  return undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface CompletionParts {
  text: string;
  firstTokenMs?: number;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  logprobs: TokenLogprob[];
}

/** Reads a non-streamed `chat.completion` body. */
export function readCompletion(body: unknown): Parsed<CompletionParts> {
  if (!isObj(body)) return { ok: false, problem: "the response is not a JSON object" };
  const err = serverErrorMessage(body);
  if (body.error !== undefined && err) return { ok: false, problem: `the server reported an error: ${err}` };
  if (!Array.isArray(body.choices) || body.choices.length === 0 || !isObj(body.choices[0]))
    return { ok: false, problem: "the response has no choices (is this an OpenAI-compatible /chat/completions API?)" };
  const c = body.choices[0];
  const msg = isObj(c.message) ? c.message : {};
  return {
    ok: true,
    value: {
      text: contentText(msg.content),
      ...(typeof c.finish_reason === "string" ? { finishReason: c.finish_reason } : {}),
      ...readUsage(body.usage),
      logprobs: readLogprobs(c.logprobs),
    },
  };
}

export interface StreamChunkParts {
  delta: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  logprobs: TokenLogprob[];
}

/** Reads one streamed `chat.completion.chunk` (choices may be empty in the final usage chunk). */
export function readStreamChunk(body: unknown): Parsed<StreamChunkParts> {
  if (!isObj(body)) return { ok: false, problem: "a stream event is not a JSON object" };
  const err = serverErrorMessage(body);
  if (body.error !== undefined && err) return { ok: false, problem: `the server reported an error mid-stream: ${err}` };
  const c = Array.isArray(body.choices) && isObj(body.choices[0]) ? body.choices[0] : undefined;
  const delta = c && isObj(c.delta) ? contentText(c.delta.content) : "";
  return {
    ok: true,
    value: {
      delta,
      ...(c && typeof c.finish_reason === "string" ? { finishReason: c.finish_reason } : {}),
      ...readUsage(body.usage),
      logprobs: c ? readLogprobs(c.logprobs) : [],
    },
  };
}
