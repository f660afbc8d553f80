// The listwise judge's prompt, its repair request, and the reading of its FINAL RANKING line.
// Written for this project.
import { answerLabel } from "./labels";

export const LISTWISE_SYSTEM_PROMPT = "You are a careful, impartial judge of answers to a user's request.";
export const RANKING_KEY = "FINAL RANKING:";

export const answerStart = (label: string) => `[The Start of Answer ${label}]`;
export const answerEnd = (label: string) => `[The End of Answer ${label}]`;

/** The labels of n answers, in the order shown: A, B, … */
export function labelsFor(n: number): string[] {
  return Array.from({ length: n }, (_, i) => answerLabel(i));
}

/** The request and the answers in the order shown, labelled Answer A, Answer B, … */
export function listwisePrompt(request: string, answers: readonly string[]): string {
  const labels = labelsFor(answers.length);
  const blocks = answers.flatMap((a, i) => [answerStart(labels[i]), a, answerEnd(labels[i]), ""]);
  return [
    `Rank the ${answers.length} answers below from best to worst at fulfilling the request. Judge helpfulness, correctness, relevance and clarity.`,
    "Do not let the length of the answers or the order in which they are shown influence you.",
    "",
    "[Request]",
    request,
    "",
    ...blocks,
    "First explain your judgement in a few short sentences. Then end your reply with one line that starts with",
    `"${RANKING_KEY}" and lists every label (${labels.join(", ")}) exactly once, best first, separated by ">";`,
    `with three answers, for example: ${RANKING_KEY} C > A > B`,
  ].join("\n");
}

/** Asked once when the reply had no usable ranking line. */
export function repairPrompt(labels: readonly string[], problem: string): string {
  return [
    `Your reply did not end with a usable ranking line (${problem}).`,
    `Reply with that one line only: "${RANKING_KEY}" followed by the labels ${labels.join(", ")}, each exactly once, best first, separated by ">".`,
  ].join(" ");
}

export type ParsedRanking = { ok: true; order: number[] } | { ok: false; problem: string };

const LINE = /final\s*ranking\s*[:：]?\s*(.*)$/i;

/** The text after the last "FINAL RANKING:" (or the next line, if it is empty there); undefined when there is none. */
function rankingText(reply: string): string | undefined {
  const lines = reply
    .replace(/<think>[\s\S]*?<\/think>/gi, "")
    .replace(/[*`_]/g, "")
    .split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = LINE.exec(lines[i]);
    if (!m) continue;
    let rest = m[1].trim();
    if (!rest) rest = lines.slice(i + 1).find((l) => l.trim())?.trim() ?? "";
    return rest;
  }
  return undefined;
}

/** "Answer C", "[C]", "(c)", "C." → "C". */
function labelOf(token: string): string {
  return token
    .trim()
    .replace(/[.;]+$/, "")
    .replace(/^["'([{]+|["')\]}]+$/g, "")
    .replace(/^answer\s*/i, "")
    .trim()
    .toUpperCase();
}

/**
 * Reads the ballot: the last `FINAL RANKING:` line, labels separated by ">", every label
 * exactly once. Forgiving of case, spaces, Markdown emphasis, a trailing period and "Answer"
 * before a label; anything else (a missing, unknown or repeated label, another separator)
 * is a problem. `order` holds positions in the shown list, best first.
 */
export function parseRanking(reply: string, labels: readonly string[]): ParsedRanking {
  const text = rankingText(reply);
  if (text === undefined) return { ok: false, problem: `no "${RANKING_KEY}" line` };
  if (!text) return { ok: false, problem: `the "${RANKING_KEY}" line is empty` };
  const tokens = text.replace(/\.\s*$/, "").split(">").map(labelOf);
  const index = new Map(labels.map((l, i) => [l, i]));
  const order: number[] = [];
  const seen = new Set<string>();
  for (const t of tokens) {
    if (!t) return { ok: false, problem: `an empty place in "${text}"` };
    const i = index.get(t);
    if (i === undefined) return { ok: false, problem: `"${t}" is not one of the labels ${labels.join(", ")}` };
    if (seen.has(t)) return { ok: false, problem: `${t} is listed twice` };
    seen.add(t);
    order.push(i);
  }
  const missing = labels.filter((l) => !seen.has(l));
  if (missing.length) return { ok: false, problem: `${missing.join(", ")} missing` };
  return { ok: true, order };
}
