// `--out FILE` of rank and eval: one JSON line per finished record, appended as soon as it is
// done, so a run that is stopped keeps everything it finished. `--resume` reads the lines back
// (a last line cut short by the stop is dropped from the file) and the run skips those records.
import { closeSync, existsSync, ftruncateSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { byteLines, newByteLineStats } from "../core/candidates/byte-lines";
import { decodeLine } from "../core/candidates/decode";
import { chunksOf, nodeFs } from "../core/candidates/input-fs";
import { DEFAULT_MAX_RECORD_BYTES } from "../core/candidates/load";
import { InputError } from "../core/errors";

/** Record ids already done: each id is skipped as often as it was written (ids may repeat in an input). */
export class DoneIds {
  private readonly counts = new Map<string, number>();
  private size = 0;

  add(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    this.size++;
  }

  get count(): number {
    return this.size;
  }

  private copy(): DoneIds {
    const c = new DoneIds();
    for (const [id, n] of this.counts) for (let k = 0; k < n; k++) c.add(id);
    return c;
  }

  /** A test for one pass over the input: true (once per time it was written) for a record done before. Each pass needs its own. */
  skipper(): (id: string) => boolean {
    const left = this.copy();
    return (id) => left.take(id);
  }

  /** True (and the id used up) when this record was done before. */
  private take(id: string): boolean {
    const n = this.counts.get(id);
    if (!n) return false;
    if (n === 1) this.counts.delete(id);
    else this.counts.set(id, n - 1);
    return true;
  }
}

/** One line of the file, parsed; `fail` makes an InputError naming the file, line and field. */
export interface ResultLine {
  value: Record<string, unknown>;
  line: number;
  fail(field: string, message: string): never;
}

export interface ResultsFileOptions {
  resume: boolean;
  /** Checks one earlier line (its fields, and that it came from the same options); returns its record id. */
  read: (line: ResultLine) => string;
  /** Told when a cut-off last line was dropped. */
  onDroppedLine?: (line: number) => void;
  /** Only read what is there (--dry-run): the file is neither created nor changed. */
  readOnly?: boolean;
}

/** The records written so far (when resuming) and a writer that appends to the file. */
export class ResultsFile {
  private written = 0;
  private position = 0;
  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly done: DoneIds,
  ) {}

  static async open(path: string, opts: ResultsFileOptions): Promise<ResultsFile> {
    const exists = existsSync(path);
    if (exists && statSync(path).isDirectory()) throw new InputError("is a folder, not a file", path, undefined, "out");
    if (exists && !opts.resume && statSync(path).size > 0) throw new InputError("already exists: add --resume to continue that run, or choose another --out", path, undefined, "out");
    const done = new DoneIds();
    const earlier = exists && opts.resume ? await readEarlier(path, opts, done) : undefined;
    if (opts.readOnly) return new ResultsFile(path, -1, done);
    let fd: number;
    try {
      fd = openSync(path, exists ? "r+" : "w");
    } catch (e) {
      throw new InputError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, path, undefined, "out");
    }
    const file = new ResultsFile(path, fd, done);
    if (earlier) {
      ftruncateSync(fd, earlier.keep);
      file.position = earlier.keep;
      if (earlier.unterminated) file.append("\n");
    }
    return file;
  }

  /** Appends one record as a line (at once: a later crash does not lose it). */
  write(value: unknown): void {
    if (this.fd < 0) throw new Error(`${this.path} was opened read-only`);
    this.append(JSON.stringify(value) + "\n");
    this.written++;
  }

  private append(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, this.position + off);
    this.position += bytes.length;
  }

  /** Records written by this run. */
  get count(): number {
    return this.written;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
  }
}

/** Whether the file's last byte is not a line break (the run stopped in the middle of a line). */
function endsOpen(path: string, size: number): boolean {
  if (size === 0) return false;
  const fd = openSync(path, "r");
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the earlier lines: the byte length to keep (up to the last line that parses) and whether
 * that line lacks its newline. Lines come from the loaders' byte-line reader, whose count of
 * bytes handed out is the exact offset where each line ends.
 */
async function readEarlier(path: string, opts: ResultsFileOptions, done: DoneIds): Promise<{ keep: number; unterminated: boolean }> {
  const size = statSync(path).size;
  const lastLineOpen = endsOpen(path, size);
  const stats = newByteLineStats();
  let keep = 0;
  let unterminated = false;
  for await (const l of byteLines(chunksOf(nodeFs, path), DEFAULT_MAX_RECORD_BYTES, stats)) {
    const end = stats.bytesDone;
    const complete = !(lastLineOpen && end === size);
    const fail = (field: string, message: string): never => {
      throw new InputError(message, path, l.line, field || undefined);
    };
    const d = l.tooLong ? undefined : decodeLine(l.bytes);
    const text = d && "text" in d ? d.text : undefined;
    if (text !== undefined && !text.trim()) {
      if (complete) keep = end;
      continue;
    }
    let value: unknown;
    try {
      if (text === undefined) throw new Error("not text");
      value = JSON.parse(text);
    } catch {
      if (!complete) {
        opts.onDroppedLine?.(l.line);
        break;
      }
      fail("", "is not a JSON line of an earlier run (resume only continues a file that --out wrote)");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail("", "is not a record of an earlier run");
    done.add(opts.read({ value: value as Record<string, unknown>, line: l.line, fail }));
    keep = end;
    unterminated = !complete;
  }
  return { keep, unterminated };
}
