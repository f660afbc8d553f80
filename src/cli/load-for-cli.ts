import { loadInputs, type LoadResult, type LoadTally } from "../core/candidates/load";
import { InputError } from "../core/errors";
import type { BlendIssue } from "../core/types";
import type { CliIO } from "./io";
import { formatIssues } from "./format";

/** No usable example at all is bad input (exit 2): the message lists every problem. */
function noExamples(paths: string[], issues: readonly BlendIssue[]): InputError {
  const detail = issues.map((i) => `${i.where}: ${i.message}`).join("\n  ");
  return new InputError(`no usable examples in ${paths.join(", ")}${detail ? ":\n  " + detail : ""}`);
}

/** Loads the command's inputs whole (blend); no usable example at all is bad input. */
export async function loadForCli(paths: string[], opts: { prompt?: string; keepEmpty?: boolean; maxFileBytes?: number } = {}): Promise<LoadResult> {
  const r = await loadInputs(paths, opts);
  if (r.examples.length === 0) throw noExamples(paths, r.issues);
  return r;
}

/** A streamed load that found no usable example at all. */
export function noUsableExamples(paths: string[], tally: LoadTally): InputError {
  return noExamples(paths, tally.issues);
}

/** Reports skipped records on stderr; the exit code is 2 when any record was bad (the good ones were still processed). */
export function reportLoadIssues(r: { issues: readonly BlendIssue[]; badRecords: number }, io: CliIO): number {
  const text = formatIssues([...r.issues], r.badRecords);
  if (text) io.err(text + "\n");
  return r.badRecords > 0 ? 2 : 0;
}
