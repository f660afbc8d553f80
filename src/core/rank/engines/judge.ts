// The `judge` ranker: a chat model (an endpoint or a VS Code model) says which of two answers is better.
import type { BlendIssue, PairInput, PairwiseRanker, RunOptions } from "../../types";
import { JUDGE_MODES, type EngineContext, type EngineOptions } from "../../engine-options";
import type { ChatModel, ChatReply, TokenLogprob } from "../../chat/chat-model";
import { CONFIGURATION_KINDS, isChatModelError } from "../../chat/errors";
import { resolveChatModel } from "../../chat/resolve";
import { excerpt } from "../../endpoints/errors";
import { InputError, isAbortError, throwIfAborted } from "../../errors";
import { ListwiseJudgeRanker } from "./listwise/listwise-judge";
import { DEFAULT_JUDGE_ORDERS, judgeOrders } from "./listwise/options";
import { JUDGE_SYSTEM_PROMPT, TIE_LETTER, judgePrompt, parseVerdict, type Verdict } from "./judge-prompt";

/** Logit given for a parsed verdict without logprobs: strong, but finite. */
export const VERDICT_LOGIT = 2;
const MAX_LOGIT = 20;
/** How many leading tokens may come before the verdict letter (e.g. a space or "**"). */
const LETTER_SEARCH_TOKENS = 4;
/** After this many failed judge calls in a row (retries included) the ranking stops. */
const MAX_FAILURES_IN_A_ROW = 3;
/** The verdict is one letter; a few tokens leave room for quotes, markup or a "think" preamble cut short. */
const JUDGE_MAX_TOKENS = 16;

export interface JudgeSettings {
  /** Ask for logprobs (default: when the model can give them); switched off by itself if the endpoint rejects them. */
  useLogprobs?: boolean;
  log?: (line: string) => void;
}

function normaliseLetter(token: string): "A" | "B" | "C" | undefined {
  const t = token.replace(/[\s"'*`()[\]{}:.]/g, "");
  return t === "A" || t === "B" || t === TIE_LETTER ? (t as "A" | "B" | "C") : undefined;
}

/**
 * log P(A) − log P(B) at the first position whose likely tokens include a verdict letter.
 * A letter missing from the top list gets at most the smallest listed probability.
 * Undefined when no early position mentions a letter.
 */
export function logitFromLogprobs(tokens: TokenLogprob[]): number | undefined {
  for (const t of tokens.slice(0, LETTER_SEARCH_TOKENS)) {
    const options = t.top.length ? t.top : [{ token: t.token, logprob: t.logprob }];
    const mass = { A: 0, B: 0, C: 0 };
    let found = false;
    for (const o of options) {
      const l = normaliseLetter(o.token);
      if (!l) continue;
      mass[l] += Math.exp(o.logprob);
      found = true;
    }
    if (!found) continue;
    if (mass.A === 0 && mass.B === 0) return 0; // only the tie letter is likely
    const floor = Math.exp(Math.min(...options.map((o) => o.logprob)));
    const la = Math.log(mass.A || floor);
    const lb = Math.log(mass.B || floor);
    return Math.max(-MAX_LOGIT, Math.min(MAX_LOGIT, la - lb));
  }
  return undefined;
}

export function verdictLogit(v: Verdict): number {
  return v === "A" ? VERDICT_LOGIT : v === "B" ? -VERDICT_LOGIT : 0;
}

export class JudgeRanker implements PairwiseRanker {
  readonly name = "judge";
  readonly modelId: string;
  readonly issues: BlendIssue[] = [];
  /** Verdicts that could not be read (each counted as a tie). */
  unparsed = 0;
  /** Pairs scored from logprobs / from the verdict letter alone. */
  softScored = 0;
  hardScored = 0;
  private logprobs: boolean;
  private failedInARow = 0;

  constructor(
    private readonly model: ChatModel,
    private readonly settings: JudgeSettings = {},
  ) {
    // The prompt version is part of the id so cached pair scores never outlive a prompt change.
    this.modelId = `judge-v1:${model.info.key}`;
    this.logprobs = (settings.useLogprobs ?? true) && model.capabilities.logprobs;
  }

  async scorePairs(pairs: PairInput[], opts: RunOptions = {}): Promise<number[]> {
    const results = await Promise.allSettled(pairs.map((p) => this.scoreOne(p, opts.signal)));
    throwIfAborted(opts.signal);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    for (const f of failures) {
      const e: unknown = f.reason;
      // A misconfigured judge fails every pair the same way: stop rather than rank on ties.
      if (isAbortError(e) || !isChatModelError(e) || CONFIGURATION_KINDS.includes(e.kind)) throw e;
    }
    return results.map((r) => {
      if (r.status === "fulfilled") {
        this.failedInARow = 0;
        return r.value;
      }
      // Retries are spent by now; a judge that keeps failing is down, not flaky.
      if (++this.failedInARow >= MAX_FAILURES_IN_A_ROW) throw r.reason;
      this.report(`judge call failed, pair counted as a tie: ${(r.reason as Error).message}`);
      return 0;
    });
  }

  private report(message: string): void {
    const id = this.model.info.id;
    this.issues.push({ where: `judge ${id}`, endpoint: id, message });
    this.settings.log?.(`judge ${id}: ${message}`);
  }

  private async scoreOne(p: PairInput, signal?: AbortSignal): Promise<number> {
    const messages = [
      { role: "system" as const, content: JUDGE_SYSTEM_PROMPT },
      { role: "user" as const, content: judgePrompt(p.source, p.a, p.b) },
    ];
    const ask = (logprobs: boolean) =>
      this.model.send({
        messages,
        temperature: 0,
        maxTokens: JUDGE_MAX_TOKENS,
        signal,
        justification: "Answer Blender asks the judge model which of two answers is better.",
        ...(logprobs ? { logprobs: true, topLogprobs: 5 } : {}),
      });
    let answer: ChatReply;
    const wantLogprobs = this.logprobs;
    try {
      answer = await ask(wantLogprobs);
    } catch (e) {
      if (!(wantLogprobs && isChatModelError(e) && e.kind === "bad-request")) throw e;
      // Some servers reject the logprobs parameters: ask again without them, and stop asking.
      if (this.logprobs) {
        this.logprobs = false;
        this.settings.log?.(`judge ${this.model.info.id}: the endpoint rejected logprobs (${e.message}); using verdict letters only`);
      }
      answer = await ask(false);
    }
    if (answer.logprobs?.length) {
      const soft = logitFromLogprobs(answer.logprobs);
      if (soft !== undefined) {
        this.softScored++;
        return soft;
      }
    }
    const verdict = parseVerdict(answer.text);
    if (verdict === undefined) {
      this.unparsed++;
      this.report(`unreadable verdict "${excerpt(answer.text, 80)}" counted as a tie`);
      return 0;
    }
    this.hardScored++;
    return verdictLogit(verdict);
  }
}

/** The judge in the mode the options ask for: one ordered pair per request, or all answers at once. */
export async function createJudgeRanker(o: EngineOptions, ctx: EngineContext = {}): Promise<JudgeRanker | ListwiseJudgeRanker> {
  const mode = o.judgeMode ?? "pairwise";
  if (!JUDGE_MODES.includes(mode)) throw new InputError(`unknown judge mode "${String(mode)}" (known: ${JUDGE_MODES.join(", ")})`, undefined, undefined, "judgeMode");
  if (mode === "pairwise" && o.judgeOrders !== undefined)
    throw new InputError("judge orders apply to the listwise judge mode and the council, not to pairwise judging", undefined, undefined, "judgeOrders");
  const model = resolveChatModel(o, ctx, "the judge ranker");
  if (mode === "listwise") return new ListwiseJudgeRanker(model, judgeOrders(o, DEFAULT_JUDGE_ORDERS), { log: ctx.log });
  return new JudgeRanker(model, { log: ctx.log });
}
