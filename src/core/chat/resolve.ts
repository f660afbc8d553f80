// Finds the chat model a judge or fuser names: through the adapter's catalogue
// (EngineContext.chatModels, e.g. VS Code's models and endpoints) or the endpoints list.
import type { EngineContext, EngineOptions } from "../engine-options";
import { ChatClient } from "../endpoints/client";
import { findEndpoint } from "../endpoints/config";
import { EndpointChatModel } from "../endpoints/endpoint-chat-model";
import { InputError } from "../errors";
import type { ChatModel } from "./chat-model";

export function resolveChatModel(o: EngineOptions, ctx: EngineContext, what: string): ChatModel {
  if (ctx.chatModels && o.endpoint) {
    const m = ctx.chatModels(o.endpoint);
    if (m) return m;
    if (!o.endpoints?.some((e) => e.id === o.endpoint))
      throw new InputError(`no chat model "${o.endpoint}" for ${what} (is it still available?)`, undefined, undefined, "model");
  }
  return new EndpointChatModel(findEndpoint(o.endpoints, o.endpoint, what), new ChatClient({ log: ctx.log }));
}
