// The OpenAI-compatible HTTP implementation of the core ChatModel interface: one endpoint of
// the endpoints file (or the VS Code setting) behind a shared ChatClient.
import type { ChatModel, ChatModelInfo, ChatReply, ChatSendRequest } from "../chat/chat-model";
import type { EndpointConfig } from "../engine-options";
import { ChatClient, type ClientOptions } from "./client";

export const ENDPOINT_VENDOR = "endpoint";

export function endpointInfo(ep: EndpointConfig): ChatModelInfo {
  return {
    id: ep.id,
    name: ep.id,
    vendor: ENDPOINT_VENDOR,
    family: ep.model,
    key: `${ep.model}@${ep.baseUrl}`,
    ...(ep.maxInputTokens !== undefined ? { maxInputTokens: ep.maxInputTokens } : {}),
  };
}

export class EndpointChatModel implements ChatModel {
  readonly info: ChatModelInfo;
  readonly capabilities = { logprobs: true };

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly client: ChatClient,
  ) {
    this.info = endpointInfo(endpoint);
  }

  /**
   * The endpoint's system prompt, if any, goes first unless the request brings its own. The
   * endpoint's own maxTokens wins over the request's: whoever configured it knows the model
   * (a reasoning model needs room before its verdict).
   */
  async send(req: ChatSendRequest): Promise<ChatReply> {
    const sys = this.endpoint.systemPrompt;
    const messages = sys && req.messages[0]?.role !== "system" ? [{ role: "system" as const, content: sys }, ...req.messages] : req.messages;
    return this.client.complete(this.endpoint, {
      messages,
      temperature: req.temperature,
      maxTokens: this.endpoint.maxTokens ?? req.maxTokens,
      stream: Boolean(req.onDelta),
      onDelta: req.onDelta,
      signal: req.signal,
      ...(req.logprobs ? { logprobs: true, topLogprobs: req.topLogprobs ?? 5 } : {}),
    });
  }
}

/** One ChatModel per endpoint, all sharing one client (its concurrency limit covers them all). */
export function endpointChatModels(endpoints: readonly EndpointConfig[], client: ChatClient | ClientOptions = {}): EndpointChatModel[] {
  const c = client instanceof ChatClient ? client : new ChatClient(client);
  return endpoints.map((e) => new EndpointChatModel(e, c));
}
