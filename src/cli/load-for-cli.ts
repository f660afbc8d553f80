import { loadInputs, type LoadResult } from "../core/candidates/load";
import { InputError } from "../core/errors";
import type { CliIO } from "./io";
import { formatIssues } from "./format";

/** Loads the command's inputs; no usable example at all is bad input (exit 2), listing every problem. */
export async function loadForCli(paths: string[], opts: { prompt?: string; keepEmpty?: boolean } = {}): Promise<LoadResult> {
  const r = await loadInputs(paths, { prompt: opts.prompt, keepEmpty: opts.keepEmpty });
  if (r.examples.length === 0) {
    const detail = r.issues.map((i) => `${i.where}: ${i.message}`).join("\n  ");
    throw new InputError(`no usable examples in ${paths.join(", ")}${detail ? ":\n  " + detail : ""}`);
  }
  return r;
}

/** Reports skipped records on stderr; the exit code is 2 when any record was bad (the good ones were still processed). */
export function reportLoadIssues(r: LoadResult, io: CliIO): number {
  const text = formatIssues(r.issues, r.badRecords);
  if (text) io.err(text + "\n");
  return r.badRecords > 0 ? 2 : 0;
}
