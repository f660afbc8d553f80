// Finds the chat model a judge or fuser names: through the adapter's catalogue
// (EngineContext.chatModels, e.g. VS Code's models and endpoints) or the endpoints list.
import type { EngineContext, EngineOptions } from "../engine-options";
import { ChatClient } from "../endpoints/client";
import { findEndpoint } from "../endpoints/config";
import { EndpointChatModel } from "../endpoints/endpoint-chat-model";
import { InputError } from "../errors";
import type { ChatModel, ChatRole } from "./chat-model";
import { hasRole } from "./roles";

export function resolveChatModel(o: EngineOptions, ctx: EngineContext, what: string): ChatModel {
  if (ctx.chatModels && o.endpoint) {
    const m = ctx.chatModels(o.endpoint);
    if (m) return m;
    if (!o.endpoints?.some((e) => e.id === o.endpoint))
      throw new InputError(`no chat model "${o.endpoint}" for ${what} (is it still available?)`, undefined, undefined, "model");
  }
  return new EndpointChatModel(findEndpoint(o.endpoints, o.endpoint, what), new ChatClient({ log: ctx.log }));
}

/**
 * Looks models up by id when the ids are only known at ranking time (the council's judges
 * are the models that wrote the answers): the adapter's catalogue first, then the endpoints
 * that have `role`. Undefined for ids that are neither (answers read from files).
 */
export function chatModelFinder(o: EngineOptions, ctx: EngineContext, role: ChatRole): (id: string) => ChatModel | undefined {
  let client: ChatClient | undefined;
  const endpointModels = new Map<string, ChatModel>();
  return (id) => {
    const fromAdapter = ctx.chatModels?.(id);
    if (fromAdapter) return fromAdapter;
    const known = endpointModels.get(id);
    if (known) return known;
    const ep = o.endpoints?.find((e) => e.id === id);
    if (!ep || !hasRole(ep, role)) return undefined;
    // One client for all of them, so its concurrency limit covers the whole council.
    const m = new EndpointChatModel(ep, (client ??= new ChatClient({ log: ctx.log })));
    endpointModels.set(id, m);
    return m;
  };
}
