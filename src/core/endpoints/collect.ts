// `collect` over the endpoints file: every endpoint with the answer role is one Answerer of
// chat/collect-answers.ts, all sharing one HTTP client.
import type { BlendExample } from "../types";
import type { EndpointConfig } from "../engine-options";
import { collectAnswers, sampleRefsOf, type CollectAnswersOptions, type CollectRequest, type SampleRef } from "../chat/collect-answers";
import { ChatClient, type ClientOptions } from "./client";
import { endpointChatModels } from "./endpoint-chat-model";

export type { CollectRequest, SampleRef };

export interface CollectOptions extends CollectAnswersOptions {
  client?: ChatClient;
  clientOptions?: ClientOptions;
}

/** Every sample the endpoints will give, in order: `id`, or `id#1`…`id#n` for n > 1 samples. */
export function sampleRefs(endpoints: EndpointConfig[]): SampleRef[] {
  return sampleRefsOf(endpoints);
}

export async function collect(req: CollectRequest, endpoints: EndpointConfig[], opts: CollectOptions = {}): Promise<BlendExample> {
  const client = opts.client ?? new ChatClient(opts.clientOptions);
  const models = endpointChatModels(endpoints, client);
  return collectAnswers(req, models.map((m) => ({ model: m, n: m.endpoint.n })), opts);
}
