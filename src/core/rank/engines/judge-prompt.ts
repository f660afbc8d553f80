// The judge's prompt and the reading of its verdict. Written for this project.

export const JUDGE_SYSTEM_PROMPT =
  "You are a careful, impartial judge of answers to a user's request. You reply with a single letter.";

export const ANSWER_A_START = "[The Start of Answer A]";
export const ANSWER_A_END = "[The End of Answer A]";
export const ANSWER_B_START = "[The Start of Answer B]";
export const ANSWER_B_END = "[The End of Answer B]";
export const TIE_LETTER = "C";

export function judgePrompt(request: string, a: string, b: string): string {
  return [
    "Which of the two answers below better fulfils the request? Judge helpfulness, correctness, relevance and clarity.",
    "Do not let the length of the answers or the order in which they are shown influence you.",
    "",
    "[Request]",
    request,
    "",
    ANSWER_A_START,
    a,
    ANSWER_A_END,
    "",
    ANSWER_B_START,
    b,
    ANSWER_B_END,
    "",
    `Reply with one letter only: A if Answer A is better, B if Answer B is better, ${TIE_LETTER} if they are equally good. Do not explain.`,
  ].join("\n");
}

export type Verdict = "A" | "B" | "tie";

/**
 * Reads a verdict from the judge's reply: a leading letter (optionally quoted, bold,
 * bracketed, or after "Answer"), or `[[A]]`-style markers anywhere. Undefined when unclear.
 */
export function parseVerdict(reply: string): Verdict | undefined {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, "").trim();
  const letter = (l: string): Verdict => (l.toUpperCase() === "A" ? "A" : l.toUpperCase() === "B" ? "B" : "tie");
  const lead = /^[\s"'*`([{]*(?:(?:the\s+)?(?:better\s+)?answer\s*(?:is\s*)?:?\s*)?([ABC])(?![A-Za-z])/i.exec(text);
  if (lead && (lead[1] === lead[1].toUpperCase() || /answer/i.test(lead[0]))) return letter(lead[1]);
  if (/^[\s"'*`([{]*(tie|equal|same)\b/i.test(text)) return "tie";
  const marked = /\[\[([ABC])\]\]/.exec(text);
  if (marked) return letter(marked[1]);
  return undefined;
}
