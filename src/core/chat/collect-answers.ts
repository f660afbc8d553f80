// Answer collection: one prompt to every answering chat model at once, n samples each, into a
// blend-set record. Failures are kept as `errors` (with the model's reason) and never drop the
// other answers.
import type { BlendExample, BlendIssue, Candidate, RunOptions } from "../types";
import { abortError, isAbortError, whenAborted } from "../errors";
import { contentHash } from "../hash";
import { withoutSubject } from "../issues";
import { sampleName } from "./sample-names";
import type { ChatMessage, ChatModel } from "./chat-model";

export interface CollectRequest {
  prompt: string;
  /** Extra input appended to the prompt after a blank line (the blend-set `input` field). */
  input?: string;
  /** Earlier turns of a conversation (a chat's history), sent before the prompt. */
  history?: ChatMessage[];
  /** Record id; default: a hash of prompt and input. */
  id?: string;
}

/** One model asked for `n` samples (default 1). */
export interface Answerer {
  model: ChatModel;
  n?: number;
}

/** One sample of one model: its candidate name is the model id, or `id#k` when the model gives n > 1 samples. */
export interface SampleRef {
  /** The model (or endpoint) id. */
  endpoint: string;
  candidate: string;
  sample: number;
}

export interface CollectAnswersOptions extends RunOptions {
  /** Stream answers (default true) and receive partial text as it arrives. */
  stream?: boolean;
  onDelta?: (ref: SampleRef, text: string) => void;
  /** Told when a sample is finished: its candidate, or the error that ended it. */
  onSample?: (ref: SampleRef, result: { candidate: Candidate } | { error: BlendIssue }) => void;
  /**
   * When the signal fires, return what arrived instead of throwing an AbortError: the samples
   * that finished, and every other one in `errors` as cancelled (callers see `signal.aborted`).
   */
  partialOnAbort?: boolean;
}

/** Every sample the models will give, in order: `id`, or `id#1`…`id#n` for n > 1 samples. */
export function sampleRefsOf(answerers: ReadonlyArray<{ id: string; n?: number }>): SampleRef[] {
  return answerers.flatMap((a) => {
    const n = a.n ?? 1;
    return Array.from({ length: n }, (_, i) => ({ endpoint: a.id, sample: i + 1, candidate: sampleName(a.id, i + 1, n) }));
  });
}

export function promptText(req: Pick<CollectRequest, "prompt" | "input">): string {
  const input = req.input ?? "";
  return input.trim() ? `${req.prompt}\n\n${input}` : req.prompt;
}

/**
 * Asks every model in parallel (each implementation bounds its own concurrency). Candidates
 * keep the models' order, samples in order, whatever order they finish in.
 */
export async function collectAnswers(req: CollectRequest, answerers: readonly Answerer[], opts: CollectAnswersOptions = {}): Promise<BlendExample> {
  if (opts.signal?.aborted) throw abortError();
  const input = req.input ?? "";
  const messages: ChatMessage[] = [...(req.history ?? []), { role: "user", content: promptText(req) }];
  const byId = new Map(answerers.map((a) => [a.model.info.id, a.model]));
  const refs = sampleRefsOf(answerers.map((a) => ({ id: a.model.info.id, n: a.n })));
  let done = 0;
  opts.onProgress?.({ stage: "collect", done, total: refs.length });
  // With partialOnAbort, a cancel settles every unfinished sample at once, however slowly its model lets go.
  const cancel = new AbortController();
  const cancelled = whenAborted(cancel.signal).promise;
  const onAbort = () => cancel.abort();
  if (opts.partialOnAbort) opts.signal?.addEventListener("abort", onAbort, { once: true });

  const one = async (ref: SampleRef): Promise<Candidate | BlendIssue> => {
    const model = byId.get(ref.endpoint)!;
    let result: Candidate | BlendIssue;
    let arrived = 0;
    try {
      const stream = opts.stream ?? true;
      const sent = model.send({
        messages,
        onDelta: stream
          ? (t) => {
              arrived += t.length;
              opts.onDelta?.(ref, t);
            }
          : undefined,
        signal: opts.signal,
        justification: "Answer Blender asks several models the same question to rank and fuse their answers.",
      });
      if (opts.partialOnAbort) sent.catch(() => undefined); // may settle after the race is over
      const a = await (opts.partialOnAbort ? Promise.race([sent, cancelled]) : sent);
      if (!a.text.trim()) throw new Error(`"${ref.endpoint}" returned an empty answer (finish reason: ${a.finishReason ?? "none"})`);
      result = {
        model: ref.candidate,
        text: a.text,
        meta: {
          endpoint: ref.endpoint,
          latencyMs: a.latencyMs,
          ...(a.promptTokens !== undefined ? { promptTokens: a.promptTokens } : {}),
          ...(a.completionTokens !== undefined ? { completionTokens: a.completionTokens } : {}),
          ...(a.finishReason !== undefined ? { finishReason: a.finishReason } : {}),
        },
      };
      opts.onSample?.(ref, { candidate: result });
    } catch (err) {
      if (isAbortError(err) || opts.signal?.aborted) {
        if (!opts.partialOnAbort) throw abortError();
        const partial = arrived ? ` after ${arrived} characters had arrived` : " before it answered";
        result = { where: `endpoint ${ref.candidate}`, endpoint: ref.endpoint, message: `cancelled${partial}` };
      } else result = { where: `endpoint ${ref.candidate}`, endpoint: ref.endpoint, message: withoutSubject(err instanceof Error ? err.message : String(err), ref.endpoint) };
      opts.onSample?.(ref, { error: result });
    }
    opts.onProgress?.({ stage: "collect", done: ++done, total: refs.length, message: ref.candidate });
    return result;
  };

  let results: Array<Candidate | BlendIssue>;
  try {
    results = await Promise.all(refs.map(one));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
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
