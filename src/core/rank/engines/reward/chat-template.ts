// A model's chat template (the Jinja source in its tokenizer_config.json), rendered the way
// Hugging Face's Python apply_chat_template(tokenize=False) renders it.
//
// We render with @huggingface/jinja (the engine transformers.js uses) and correct one
// difference from Python: its strip/lstrip/rstrip ignore their argument and always strip
// whitespace, while Python's `content.lstrip('\n')` removes newlines only. Qwen3-style
// templates call exactly that on the answer, so an answer starting with spaces (indented
// code, "  Bonjour") would be rendered, tokenized and scored differently from the Python
// reference. Such calls are rewritten, in the parsed template, into calls of helpers with
// Python's semantics.
import { Template } from "@huggingface/jinja";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

const STRIP_HELPERS: Record<string, string> = {
  strip: "__answer_blender_py_strip",
  lstrip: "__answer_blender_py_lstrip",
  rstrip: "__answer_blender_py_rstrip",
};

/** Python's str.strip/lstrip/rstrip(chars): chars null = whitespace. */
export function pyStrip(text: unknown, chars: unknown, side: "both" | "left" | "right"): unknown {
  if (typeof text !== "string") return text;
  const set = typeof chars === "string" ? chars : null;
  const drop = (c: string) => (set === null ? /\s/.test(c) : set.includes(c));
  const cps = [...text];
  let start = 0;
  let end = cps.length;
  if (side !== "right") while (start < end && drop(cps[start])) start++;
  if (side !== "left") while (end > start && drop(cps[end - 1])) end--;
  return cps.slice(start, end).join("");
}

type Node = { type?: string; [k: string]: unknown };

/** In place: `x.lstrip(args…)` with at least one argument → `__answer_blender_py_lstrip(x, args…)`. */
function rewriteStripCalls(node: unknown, seen = new Set<unknown>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const n of node) rewriteStripCalls(n, seen);
    return;
  }
  const n = node as Node;
  for (const v of Object.values(n)) rewriteStripCalls(v, seen);
  if (n.type !== "CallExpression") return;
  const callee = n.callee as Node | undefined;
  const args = n.args as unknown[] | undefined;
  const prop = callee?.property as Node | undefined;
  if (callee?.type !== "MemberExpression" || callee.computed || prop?.type !== "Identifier" || !Array.isArray(args) || args.length === 0) return;
  const helper = STRIP_HELPERS[prop.value as string];
  if (!helper) return;
  n.callee = { ...prop, value: helper };
  n.args = [callee.object, ...args];
}

export class ChatTemplate {
  private readonly template: Template;

  constructor(readonly source: string) {
    this.template = new Template(source);
    rewriteStripCalls(this.template.parsed);
  }

  /** The rendered conversation. `specialTokens`: bos_token, eos_token, … as the template may use them. */
  render(messages: ChatMessage[], specialTokens: Record<string, string> = {}, addGenerationPrompt = false): string {
    return this.template.render({
      messages,
      add_generation_prompt: addGenerationPrompt,
      ...specialTokens,
      [STRIP_HELPERS.strip]: (t: unknown, c: unknown) => pyStrip(t, c, "both"),
      [STRIP_HELPERS.lstrip]: (t: unknown, c: unknown) => pyStrip(t, c, "left"),
      [STRIP_HELPERS.rstrip]: (t: unknown, c: unknown) => pyStrip(t, c, "right"),
    });
  }
}
