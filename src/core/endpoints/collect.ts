// `collect`: one prompt to every endpoint at once, n samples each, into a blend-set record.
import type { BlendExample, BlendIssue, Candidate, RunOptions } from "../types";
import type { EndpointConfig } from "../engine-options";
import { abortError, isAbortError } from "../errors";
import { contentHash } from "../hash";
import type { ChatMessage } from "./chat-types";
import { ChatClient, type ClientOptions } from "./client";

export interface CollectRequest {
  prompt: string;
  /** Extra input appended to the prompt after a blank line (the blend-set `input` field). */
  input?: string;
  /** Record id; default: a hash of prompt and input. */
  id?: string;
}

/** One sample of one endpoint: its candidate name is `id` or `id#k` when the endpoint gives n > 1 samples. */
export interface SampleRef {
  endpoint: string;
  candidate: string;
  sample: number;
}

export interface CollectOptions extends RunOptions {
  client?: ChatClient;
  clientOptions?: ClientOptions;
  /** Stream answers (default true) and receive partial text as it arrives. */
  stream?: boolean;
  onDelta?: (ref: SampleRef, text: string) => void;
  /** Told when a sample is finished: its candidate, or the error that ended it. */
  onSample?: (ref: SampleRef, result: { candidate: Candidate } | { error: BlendIssue }) => void;
}

/** Every sample the endpoints will give, in order: `id`, or `id#1`…`id#n` for n > 1 samples. */
export function sampleRefs(endpoints: EndpointConfig[]): SampleRef[] {
  return endpoints.flatMap((e) => {
    const n = e.n ?? 1;
    return Array.from({ length: n }, (_, i) => ({ endpoint: e.id, sample: i + 1, candidate: n > 1 ? `${e.id}#${i + 1}` : e.id }));
  });
}

function messagesFor(e: EndpointConfig, user: string): ChatMessage[] {
  return e.systemPrompt ? [{ role: "system", content: e.systemPrompt }, { role: "user", content: user }] : [{ role: "user", content: user }];
}

/**
 * Asks every endpoint in parallel (bounded by the client's concurrency limit). Failures
 * are recorded in `errors` and never drop the other answers; candidates keep the
 * endpoints' order, samples in order, whatever order they finish in.
 */
export async function collect(req: CollectRequest, endpoints: EndpointConfig[], opts: CollectOptions = {}): Promise<BlendExample> {
  if (opts.signal?.aborted) throw abortError();
  const client = opts.client ?? new ChatClient(opts.clientOptions);
  const input = req.input ?? "";
  const user = input.trim() ? `${req.prompt}\n\n${input}` : req.prompt;
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const refs = sampleRefs(endpoints);
  let done = 0;
  opts.onProgress?.({ stage: "collect", done, total: refs.length });

  const results = await Promise.all(
    refs.map(async (ref): Promise<Candidate | BlendIssue> => {
      const e = byId.get(ref.endpoint)!;
      let result: Candidate | BlendIssue;
      try {
        const a = await client.complete(e, {
          messages: messagesFor(e, user),
          stream: opts.stream ?? true,
          onDelta: opts.onDelta ? (t) => opts.onDelta?.(ref, t) : undefined,
          signal: opts.signal,
        });
        if (!a.text.trim()) throw new Error(`endpoint "${e.id}" returned an empty answer (finish reason: ${a.finishReason ?? "none"})`);
        result = {
          model: ref.candidate,
          text: a.text,
          meta: {
            endpoint: e.id,
            latencyMs: a.latencyMs,
            ...(a.promptTokens !== undefined ? { promptTokens: a.promptTokens } : {}),
            ...(a.completionTokens !== undefined ? { completionTokens: a.completionTokens } : {}),
            ...(a.finishReason !== undefined ? { finishReason: a.finishReason } : {}),
          },
        };
        opts.onSample?.(ref, { candidate: result });
      } catch (err) {
        if (isAbortError(err) || opts.signal?.aborted) throw abortError();
        result = { where: `endpoint ${ref.candidate}`, endpoint: e.id, message: err instanceof Error ? err.message : String(err) };
        opts.onSample?.(ref, { error: result });
      }
      opts.onProgress?.({ stage: "collect", done: ++done, total: refs.length, message: ref.candidate });
      return result;
    }),
  );

  const candidates = results.filter((r): r is Candidate => "text" in r);
  const errors = results.filter((r): r is BlendIssue => !("text" in r));
  return {
    id: req.id ?? `collect-${contentHash(req.prompt, input).slice(0, 12)}`,
    instruction: req.prompt,
    input,
    candidates,
    errors,
  };
}
