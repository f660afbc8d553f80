// A prompt as the panel's header shows it. Prompts written in the scratch editor have paragraphs
// and code: only the first paragraph is the heading, the rest follows in body text, and a long
// prompt keeps a short heading with the whole text folded under it.
import { excerpt } from "../shared/format";

/** Up to this many lines and characters the whole prompt is shown; the heading is at most TITLE_CHARS. */
export const SHORT_PROMPT = { lines: 8, chars: 600 };
export const TITLE_CHARS = 200;

export interface PromptParts {
  /** The heading: the first paragraph (shortened when the prompt is long). */
  title: string;
  /** Shown under the heading: the other paragraphs, or (folded) the whole prompt. */
  rest: string;
  /** Whether `rest` is the whole prompt, folded away. */
  folded: boolean;
  /** Lines of the whole prompt. */
  lines: number;
}

export function promptParts(instruction: string): PromptParts {
  const text = instruction.trim();
  const blank = /\n[ \t]*\n/.exec(text);
  const first = blank ? text.slice(0, blank.index) : text;
  const lines = text ? text.split("\n").length : 0;
  if (lines <= SHORT_PROMPT.lines && text.length <= SHORT_PROMPT.chars && first.length <= TITLE_CHARS) {
    return { title: first, rest: blank ? text.slice(blank.index).trim() : "", folded: false, lines };
  }
  return { title: excerpt(first, TITLE_CHARS), rest: text, folded: true, lines };
}
