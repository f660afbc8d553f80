// Asks one judge for its ballots: one request per order shown, one repair request when the
// reply has no usable ranking, ballots kept in the store so a re-rank asks nothing again.
import type { Ballot, BallotStore } from "../../../types";
import type { ChatMessage, ChatModel } from "../../../chat/chat-model";
import { excerpt } from "../../../endpoints/errors";
import { abortError, isAbortError } from "../../../errors";
import { contentHash } from "../../../hash";
import { LISTWISE_SYSTEM_PROMPT, labelsFor, listwisePrompt, parseRanking, repairPrompt } from "./prompt";

/** Part of every ballot's cache key: a prompt change never reuses old ballots. */
export const LISTWISE_PROMPT_VERSION = "listwise-v1";
/** Room for a few sentences of justification and the ranking line. */
export const LISTWISE_MAX_TOKENS = 1_024;
const REPAIR_MAX_TOKENS = 256;
const JUSTIFICATION = "Answer Blender asks the judge model to rank several answers to one request.";

export interface BallotJob {
  model: ChatModel;
  source: string;
  /** Text shown for each candidate index (already fitted to this judge's context). */
  texts: readonly string[];
  /** Candidate indices in the order shown, one list per ballot. */
  orders: readonly number[][];
}

export interface CastOptions {
  store?: BallotStore;
  signal?: AbortSignal;
  /** Says why a ballot was dropped (or what else went wrong), one line each. */
  report: (message: string) => void;
  /** Called as each ballot is settled (counted, cached or dropped). */
  onSettled?: () => void;
}

export interface CastResult {
  ballots: Ballot[];
  requests: number;
  cached: number;
  dropped: number;
  /** Failed requests (retries spent), for the caller to decide whether the judge is down. */
  errors: unknown[];
}

export function ballotKey(model: ChatModel, source: string, shownTexts: readonly string[]): string {
  return contentHash(LISTWISE_PROMPT_VERSION, model.info.key, source, ...shownTexts);
}

export async function castBallots(job: BallotJob, opts: CastOptions): Promise<CastResult> {
  const result: CastResult = { ballots: [], requests: 0, cached: 0, dropped: 0, errors: [] };
  const judge = job.model.info.id;
  const k = job.orders.length;
  const send = (messages: ChatMessage[], maxTokens: number) => {
    result.requests++;
    return job.model.send({ messages, temperature: 0, maxTokens, signal: opts.signal, justification: JUSTIFICATION });
  };

  const one = async (shown: readonly number[], b: number): Promise<void> => {
    const texts = shown.map((i) => job.texts[i]);
    const labels = labelsFor(shown.length);
    const key = ballotKey(job.model, job.source, texts);
    const hit = opts.store?.getBallot(key);
    if (hit && hit.length === shown.length) {
      result.cached++;
      result.ballots.push({ judge, shown: [...shown], order: hit.map((p) => shown[p]) });
      opts.onSettled?.();
      return;
    }
    const which = k > 1 ? `ballot ${b + 1} of ${k}` : "ballot";
    try {
      const messages: ChatMessage[] = [
        { role: "system", content: LISTWISE_SYSTEM_PROMPT },
        { role: "user", content: listwisePrompt(job.source, texts) },
      ];
      const reply = await send(messages, LISTWISE_MAX_TOKENS);
      let parsed = parseRanking(reply.text, labels);
      if (!parsed.ok) {
        const first = parsed.problem;
        const repair = await send([...messages, { role: "assistant", content: reply.text }, { role: "user", content: repairPrompt(labels, first) }], REPAIR_MAX_TOKENS);
        parsed = parseRanking(repair.text, labels);
        if (!parsed.ok) {
          result.dropped++;
          opts.report(`${which} dropped, its ranking unreadable: ${first}; after one repair request: ${parsed.problem} (reply "${excerpt(repair.text, 80)}")`);
          return;
        }
      }
      opts.store?.setBallot(key, parsed.order);
      result.ballots.push({ judge, shown: [...shown], order: parsed.order.map((p) => shown[p]) });
    } catch (e) {
      if (isAbortError(e) || opts.signal?.aborted) throw abortError();
      result.dropped++;
      result.errors.push(e);
      opts.report(`${which} dropped: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      opts.onSettled?.();
    }
  };

  await Promise.all(job.orders.map((o, b) => one(o, b)));
  // Ballots in the order they were planned, whatever order the replies came in.
  const rank = new Map(job.orders.map((o, b) => [o.join(","), b]));
  result.ballots.sort((x, y) => (rank.get(x.shown.join(",")) ?? 0) - (rank.get(y.shown.join(",")) ?? 0));
  return result;
}
