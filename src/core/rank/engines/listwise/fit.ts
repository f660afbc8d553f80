// Cuts long answers so one listwise request fits the judge's context. Short answers stay
// whole; the room left is shared equally among the long ones (water filling).
import { estimateTokens, type ChatModel } from "../../../chat/chat-model";
import { listwisePrompt } from "./prompt";

/** Assumed when a model does not say how much input it takes (set `maxInputTokens` on the endpoint). */
export const DEFAULT_CONTEXT_TOKENS = 32_000;
/** Kept free for the judge's reply and the repair turn. */
export const REPLY_RESERVE_TOKENS = 1_500;
const MIN_ANSWER_TOKENS = 64;
const MARKER_TOKENS = 24;

export interface CutAnswer {
  /** Index into the texts given. */
  index: number;
  chars: number;
  kept: number;
}

export interface FittedAnswers {
  texts: string[];
  cut: CutAnswer[];
  /** The token limit the request was fitted to. */
  context: number;
}

/** Token allowance per text: texts under the equal share keep all they need, the rest share what is left. */
export function waterFill(tokens: readonly number[], budget: number): number[] {
  const order = tokens.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(tokens.length);
  let left = budget;
  order.forEach(([t, i], k) => {
    const share = Math.floor(left / (order.length - k));
    out[i] = Math.min(t, share);
    left -= out[i];
  });
  return out;
}

export function cutMarker(kept: number, chars: number): string {
  return `\n\n[… answer cut here to fit the judge's context: ${kept} of ${chars} characters shown]`;
}

/** The first part of `text` worth about `allowance` of its `tokens`, ending at a word boundary when one is near. */
function cutText(text: string, tokens: number, allowance: number): string {
  const target = Math.max(1, Math.floor((text.length * Math.max(1, allowance - MARKER_TOKENS)) / tokens));
  let end = target;
  const space = text.lastIndexOf(" ", target);
  const newline = text.lastIndexOf("\n", target);
  const boundary = Math.max(space, newline);
  if (boundary > target * 0.9) end = boundary;
  return text.slice(0, end).trimEnd();
}

export async function fitAnswers(model: ChatModel, request: string, texts: readonly string[], signal?: AbortSignal): Promise<FittedAnswers> {
  const count = (t: string): Promise<number> => (model.countTokens ? model.countTokens(t, signal) : Promise.resolve(estimateTokens(t)));
  const context = model.info.maxInputTokens ?? DEFAULT_CONTEXT_TOKENS;
  const frame = await count(listwisePrompt(request, texts.map(() => "")));
  const budget = Math.max(MIN_ANSWER_TOKENS * texts.length, context - frame - REPLY_RESERVE_TOKENS);
  const tokens = await Promise.all(texts.map(count));
  if (tokens.reduce((a, b) => a + b, 0) <= budget) return { texts: [...texts], cut: [], context };
  const allowance = waterFill(tokens, budget);
  const cut: CutAnswer[] = [];
  const out = texts.map((t, i) => {
    if (tokens[i] <= allowance[i]) return t;
    const head = cutText(t, tokens[i], allowance[i]);
    cut.push({ index: i, chars: t.length, kept: head.length });
    return head + cutMarker(head.length, t.length);
  });
  return { texts: out, cut, context };
}

/** "answer gpt-4o cut to 8000 of 41250 characters to fit the context of judge llama (8192 tokens)" */
export function describeCut(model: string, c: CutAnswer, judge: string, context: number): string {
  return `answer ${model} cut to ${c.kept} of ${c.chars} characters to fit the context of judge ${judge} (${context} tokens)`;
}
