// The one chat-model interface of the core. The judge ranker, the llm fuser and answer
// collection talk to a ChatModel and never know what is behind it: an OpenAI-compatible HTTP
// endpoint (src/core/endpoints) or VS Code's Language Model API (src/vscode).

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TopLogprob {
  token: string;
  logprob: number;
}

/** One generated token with its log probability and the most likely alternatives. */
export interface TokenLogprob extends TopLogprob {
  top: TopLogprob[];
}

/** What a model is for in a blend. An endpoint or model may have several roles. */
export type ChatRole = "answer" | "judge" | "fuse";
export const CHAT_ROLES: readonly ChatRole[] = ["answer", "judge", "fuse"];

export interface ChatModelInfo {
  /**
   * Unique among the models a blend can use; what settings, flags and candidate names refer
   * to: the endpoint id for endpoints, `vendor/id` for VS Code chat models.
   */
  id: string;
  /** Shown to people ("GPT-4o", "ollama-llama3"). */
  name: string;
  /** "endpoint" for OpenAI-compatible HTTP endpoints; the VS Code vendor ("copilot", …) otherwise. */
  vendor: string;
  family?: string;
  version?: string;
  maxInputTokens?: number;
  /** Identifies the weights behind the model, so cached judge scores never mix two models. */
  key: string;
}

export interface ChatSendRequest {
  messages: ChatMessage[];
  /** Overrides the model's default temperature / output limit where the model allows it. */
  temperature?: number;
  maxTokens?: number;
  /** Partial text as it arrives; when set the reply is streamed. */
  onDelta?: (text: string) => void;
  /** Ask for token log probabilities (only where `capabilities.logprobs`). */
  logprobs?: boolean;
  topLogprobs?: number;
  signal?: AbortSignal;
  /** Why the request is made (VS Code shows it when it asks the user for consent). */
  justification?: string;
}

export interface ChatReply {
  text: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Wall time of the request, retries included. */
  latencyMs: number;
  /** Time until the first text arrived (streamed requests). */
  firstTokenMs?: number;
  /** HTTP attempts made (1 without retries). */
  attempts?: number;
  logprobs?: TokenLogprob[];
}

export interface ChatModelCapabilities {
  /** Can return token log probabilities (OpenAI-compatible servers usually can; VS Code models cannot). */
  logprobs: boolean;
}

export interface ChatModel {
  readonly info: ChatModelInfo;
  readonly capabilities: ChatModelCapabilities;
  /**
   * One request. Throws ChatModelError (with a kind) or an AbortError when `req.signal`
   * fires; nothing reaches `onDelta` after a cancel.
   */
  send(req: ChatSendRequest): Promise<ChatReply>;
  /** Tokens of `text` for this model, where the model can count them. */
  countTokens?(text: string, signal?: AbortSignal): Promise<number>;
}

/** Rough token count for models that cannot count (about four characters a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
