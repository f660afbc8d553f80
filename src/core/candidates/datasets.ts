// Blend-set and MixInstruct files: JSONL (one record per line) or JSON (an array of records, or one record).
import type { BlendExample, BlendIssue } from "../types";
import { InputError } from "../errors";
import { parseRecord, RecordError } from "./records";
import { jsonErrorLine } from "../json-error";

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
    return { issues: [{ where: at(file, line), message: `malformed JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  try {
    const r = parseRecord(obj, `${line}`, keepEmpty);
    return { example: r.example, issues: r.dropped.map((d) => ({ where: at(file, line, d.field), message: d.message })) };
  } catch (e) {
    const d = describe(e);
    return { issues: [{ where: at(file, line, d.field), message: d.message }] };
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

/** JSON: an array of records (bad elements reported by index and skipped) or a single record. */
export function parseJsonDataset(text: string, file: string, keepEmpty = false): DatasetLoad {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError(`malformed JSON: ${msg}`, file, jsonErrorLine(text));
  }
  const out: DatasetLoad = { examples: [], issues: [], badRecords: 0 };
  const records = Array.isArray(obj) ? obj : [obj];
  records.forEach((rec, i) => {
    const prefix = Array.isArray(obj) ? `[${i}]` : "";
    try {
      const r = parseRecord(rec, String(i + 1), keepEmpty);
      out.examples.push(r.example);
      for (const d of r.dropped) out.issues.push({ where: at(file, undefined, prefix + (prefix ? "." : "") + d.field), message: d.message });
    } catch (e) {
      const d = describe(e);
      out.badRecords++;
      const field = prefix + (d.field ? (prefix ? "." : "") + d.field : "");
      out.issues.push({ where: at(file, undefined, field || undefined), message: d.message });
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
