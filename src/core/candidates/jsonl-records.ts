// Streaming JSONL: records one at a time with their line numbers, in bounded memory. A line
// that is not valid UTF-8, not JSON, not a record or too long is reported and skipped; the
// other lines still load. The base of every loop over a large dataset (rank, eval, resume).
import type { BlendExample, BlendIssue } from "../types";
import { byteLines, newByteLineStats, type ByteLineStats } from "./byte-lines";
import { located, parseJsonlLine } from "./datasets";
import { decodeLine, describeBadByte } from "./decode";

export interface DatasetRecord {
  /** 1-based line number in the file. */
  line: number;
  /** The example; undefined when the line could not be used (a bad record). */
  example?: BlendExample;
  /** Why the line was skipped, or the candidates dropped from its record. */
  issues: BlendIssue[];
}

export interface JsonlOptions {
  keepEmpty?: boolean;
  /** Lines longer than this are skipped (reported) without being held in memory. */
  maxRecordBytes: number;
  stats?: ByteLineStats;
}

/** Records of a JSONL byte stream, in file order; blank lines are left out. */
export async function* jsonlRecords(chunks: AsyncIterable<Uint8Array>, file: string, opts: JsonlOptions): AsyncGenerator<DatasetRecord> {
  for await (const l of byteLines(chunks, opts.maxRecordBytes, opts.stats ?? newByteLineStats())) {
    if (l.tooLong) {
      yield { line: l.line, issues: [{ ...located(file, l.line), message: `line is ${l.length} bytes, over the ${opts.maxRecordBytes}-byte record limit: skipped` }] };
      continue;
    }
    const d = decodeLine(l.bytes);
    if ("badByte" in d) {
      yield { line: l.line, issues: [{ ...located(file, l.line), message: describeBadByte(d.badByte, d.offset) }] };
      continue;
    }
    if (!d.text.trim()) continue;
    const r = parseJsonlLine(d.text, file, l.line, opts.keepEmpty);
    yield { line: l.line, example: r.example, issues: r.issues };
  }
}
