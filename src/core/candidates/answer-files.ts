// Answer files: one candidate per .md/.txt file (or .json with a "text" field), and one
// Markdown file holding a "## <model>" section per answer.
import type { Candidate, BlendIssue } from "../types";
import { InputError } from "../errors";
import { jsonErrorLine } from "../json-error";

export const ANSWER_EXTENSIONS = [".md", ".markdown", ".txt", ".json"];
/** Files in a folder (or among the inputs) that hold the prompt rather than an answer. */
export const PROMPT_FILE_NAMES = ["prompt.md", "prompt.txt", "prompt.markdown"];

export function isPromptFile(name: string): boolean {
  return PROMPT_FILE_NAMES.includes(name.toLowerCase());
}

/** The text of one answer file; `.json` files must be an object with a string "text" (and may name a "model"). */
export function answerFromFile(ext: string, text: string, file: string): { model?: string; text: string } {
  if (ext.toLowerCase() !== ".json") return { text };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new InputError(`malformed JSON (${e instanceof Error ? e.message : String(e)})`, file, jsonErrorLine(text));
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new InputError("an answer .json file must be an object", file);
  const rec = obj as Record<string, unknown>;
  if (typeof rec.text !== "string") throw new InputError(rec.text === undefined ? "is missing" : "must be a string", file, undefined, "text");
  return { text: rec.text, ...(typeof rec.model === "string" && rec.model.trim() ? { model: rec.model.trim() } : {}) };
}

const SECTION = /^##[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * A Markdown file with one "## <model>" section per answer. Text before the first section
 * (or a "## prompt" section) is the prompt. Headings inside fenced code blocks do not count.
 */
export function parseSections(text: string, file: string): { prompt: string; candidates: Candidate[]; issues: BlendIssue[] } {
  const lines = text.split(/\r?\n/);
  const sections: Array<{ title: string; line: number; body: string[] }> = [];
  const preamble: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const f = FENCE.exec(l);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    const m = fence === null && !f ? SECTION.exec(l) : null;
    if (m) sections.push({ title: m[1].trim(), line: i + 1, body: [] });
    else if (sections.length) sections[sections.length - 1].body.push(l);
    else preamble.push(l);
  }
  // A "# Title" line before the sections is part of the prompt, without its marker.
  let prompt = preamble.join("\n").trim().replace(/^#[ \t]+/, "").trim();
  const candidates: Candidate[] = [];
  const issues: BlendIssue[] = [];
  const seen = new Set<string>();
  for (const s of sections) {
    const body = s.body.join("\n").trim();
    if (/^prompt$/i.test(s.title)) {
      prompt = body;
      continue;
    }
    const where = `${file}:${s.line}`;
    if (!body) {
      issues.push({ where, message: `empty answer in section "${s.title}" skipped` });
      continue;
    }
    if (seen.has(s.title)) {
      issues.push({ where, message: `duplicate model name "${s.title}" skipped (first section kept)` });
      continue;
    }
    seen.add(s.title);
    candidates.push({ model: s.title, text: body, meta: { file } });
  }
  return { prompt, candidates, issues };
}

/** True when a Markdown text has at least one "## " section heading outside code fences. */
export function hasSections(text: string): boolean {
  let fence: string | null = null;
  for (const l of text.split(/\r?\n/)) {
    const f = FENCE.exec(l);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence === null && SECTION.test(l)) return true;
  }
  return false;
}
