// Blend-set and MixInstruct files: JSONL (one record per line) or JSON (an array of records, or one record).
import type { BlendExample, BlendIssue } from "../types";
import { InputError } from "../errors";
import { parseRecord, RecordError } from "./records";
import { jsonErrorLine } from "../json-error";
import { hex, type BadByte } from "./decode";

export interface DatasetLoad {
  examples: BlendExample[];
  issues: BlendIssue[];
  /** Records that could not be used at all. */
  badRecords: number;
}

function describe(e: unknown): { message: string; field?: string } {
  if (e instanceof RecordError) return { message: e.message, field: e.field };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** An issue's place: the `where` text and, for editors, the file and line. */
export function located(file: string, line: number | undefined, field?: string): Pick<BlendIssue, "where" | "file" | "line"> {
  return { where: at(file, line, field), file, ...(line !== undefined ? { line } : {}) };
}

export function at(file: string, line: number | undefined, field?: string): string {
  return `${file}${line !== undefined ? `:${line}` : ""}${field ? ` field "${field}"` : ""}`;
}

/** One parsed JSONL line: its example, or why it is not one; `issues` also lists candidates dropped from a good record. */
export interface LineOutcome {
  example?: BlendExample;
  issues: BlendIssue[];
}

/** One JSONL line (already decoded, not blank) → example or the reason it is skipped. */
export function parseJsonlLine(raw: string, file: string, line: number, keepEmpty = false): LineOutcome {
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (e) {
    return { issues: [{ ...located(file, line), message: `malformed JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  try {
    const r = parseRecord(obj, `${line}`, keepEmpty);
    return { example: r.example, issues: r.dropped.map((d) => ({ ...located(file, line, d.field), message: d.message })) };
  } catch (e) {
    const d = describe(e);
    return { issues: [{ ...located(file, line, d.field), message: d.message }] };
  }
}

/** JSONL text: a malformed or invalid line is reported with its number and skipped; the rest load. */
export function parseJsonl(text: string, file: string, keepEmpty = false): DatasetLoad {
  const out: DatasetLoad = { examples: [], issues: [], badRecords: 0 };
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const r = parseJsonlLine(raw, file, i + 1, keepEmpty);
    if (r.example) out.examples.push(r.example);
    else out.badRecords++;
    for (const issue of r.issues) out.issues.push(issue);
  });
  return out;
}

/** [start, end) of each top-level element of an array in `text` (which must be valid JSON). */
export function arrayElementSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    const open = c === 91 || c === 123;
    const close = c === 93 || c === 125;
    if (depth === 1 && start < 0 && (open || c === 34 || !(close || c === 44 || c === 32 || c === 9 || c === 10 || c === 13))) start = i;
    if (c === 34) inString = true;
    else if (open) depth++;
    else if (close) {
      depth--;
      if (depth === 0 && start >= 0) spans.push([start, i]);
    } else if (c === 44 && depth === 1) {
      spans.push([start, i]);
      start = -1;
    }
  }
  return spans;
}

/**
 * JSON: an array of records (bad elements reported by index and skipped) or a single record.
 * `badBytes` are the places where the file was not UTF-8 (decoded as U+FFFD): the elements
 * holding one are skipped, the others load.
 */
export function parseJsonDataset(text: string, file: string, keepEmpty = false, badBytes: readonly BadByte[] = []): DatasetLoad {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    if (badBytes.length) throw new InputError(`not valid UTF-8 (byte ${hex(badBytes[0].byte)})`, file, badBytes[0].line);
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError(`malformed JSON: ${msg}`, file, jsonErrorLine(text));
  }
  if (badBytes.length && !Array.isArray(obj)) throw new InputError(`not valid UTF-8 (byte ${hex(badBytes[0].byte)})`, file, badBytes[0].line);
  const out: DatasetLoad = { examples: [], issues: [], badRecords: 0 };
  const records = Array.isArray(obj) ? obj : [obj];
  const spans = badBytes.length ? arrayElementSpans(text) : [];
  let nextBad = 0;
  records.forEach((rec, i) => {
    const prefix = Array.isArray(obj) ? `[${i}]` : "";
    if (nextBad < badBytes.length && spans[i] && badBytes[nextBad].at < spans[i][1]) {
      const b = badBytes[nextBad];
      while (nextBad < badBytes.length && badBytes[nextBad].at < spans[i][1]) nextBad++;
      out.badRecords++;
      out.issues.push({ ...located(file, b.line, prefix), message: `not valid UTF-8 (byte ${hex(b.byte)})` });
      return;
    }
    try {
      const r = parseRecord(rec, String(i + 1), keepEmpty);
      out.examples.push(r.example);
      for (const d of r.dropped) out.issues.push({ ...located(file, undefined, prefix + (prefix ? "." : "") + d.field), message: d.message });
    } catch (e) {
      const d = describe(e);
      out.badRecords++;
      const field = prefix + (d.field ? (prefix ? "." : "") + d.field : "");
      out.issues.push({ ...located(file, undefined, field || undefined), message: d.message });
    }
  });
  return out;
}

/** A .json file is a dataset when it is an array or an object with "candidates"; otherwise an answer file. */
export function looksLikeDataset(text: string): boolean {
  const t = text.trimStart();
  if (t.startsWith("[")) return true;
  return /"candidates"\s*:/.test(t.slice(0, 200_000));
}
