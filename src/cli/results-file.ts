// `--out FILE` of rank and eval: one JSON line per finished record, appended as soon as it is
// done, so a run that is stopped keeps everything it finished. `--resume` reads the lines back
// (a last line cut short by the stop is dropped from the file) and the run skips those records.
import { closeSync, createReadStream, existsSync, ftruncateSync, openSync, statSync, writeSync } from "node:fs";
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

  /** A fresh copy, for a counting pass that must skip the same records as the run. */
  copy(): DoneIds {
    const c = new DoneIds();
    for (const [id, n] of this.counts) for (let k = 0; k < n; k++) c.add(id);
    return c;
  }

  /** True (and the id used up) when this record was done before. */
  take(id: string): boolean {
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

/**
 * Reads the earlier lines: the byte length to keep (up to the last line that parses) and whether
 * that line lacks its newline. Lines are split on bytes, so the offsets are exact.
 */
async function readEarlier(path: string, opts: ResultsFileOptions, done: DoneIds): Promise<{ keep: number; unterminated: boolean }> {
  let keep = 0;
  let unterminated = false;
  let lineNo = 0;
  let offset = 0; // of the start of `pending` in the file
  let pending: Buffer = Buffer.alloc(0);
  const take = (bytes: Buffer, complete: boolean): void => {
    lineNo++;
    const end = offset + bytes.length + (complete ? 1 : 0);
    const text = bytes.toString("utf8");
    if (!text.trim()) {
      if (complete) keep = end;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!complete) {
        opts.onDroppedLine?.(lineNo);
        return;
      }
      throw new InputError("is not a JSON line of an earlier run (resume only continues a file that --out wrote)", path, lineNo);
    }
    const at = lineNo;
    const fail = (field: string, message: string): never => {
      throw new InputError(message, path, at, field || undefined);
    };
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail("", "is not a record of an earlier run");
    done.add(opts.read({ value: value as Record<string, unknown>, line: at, fail }));
    keep = end;
    unterminated = !complete;
  };
  for await (const chunk of createReadStream(path)) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let nl: number;
    while ((nl = pending.indexOf(0x0a)) >= 0) {
      take(pending.subarray(0, nl), true);
      offset += nl + 1;
      pending = pending.subarray(nl + 1);
    }
  }
  if (pending.length) take(pending, false);
  return { keep, unterminated };
}
