// Entry point of candidate loading: answer files, folders, Markdown section files, blend-set and
// MixInstruct datasets. `openInputs` streams them one example at a time (JSONL in bounded
// memory); `loadInputs` collects the stream for callers that want everything at once.
import type { BlendExample, BlendIssue, CandidateMeta } from "../types";
import { InputError } from "../errors";
import { chunksOf, describeFsError, nodeFs, notRegularFile, type InputFs, type InputStat } from "./input-fs";
import { decodeLenient, decodeUtf8 } from "./decode";
import { ANSWER_EXTENSIONS, answerFromFile, hasSections, isPromptFile, parseSections } from "./answer-files";
import { looksLikeDataset, parseJsonDataset } from "./datasets";
import { jsonlRecords } from "./jsonl-records";
import { newByteLineStats, type ByteLineStats } from "./byte-lines";
import { exampleFromTexts } from "./from-texts";
import { DEFAULT_MAX_ANSWER_BYTES, overAnswerLimit } from "../limits";

export interface LoadOptions {
  fs?: InputFs;
  /** Answer files larger than this are skipped (reported): the answer size limit, DEFAULT_MAX_ANSWER_BYTES. */
  maxFileBytes?: number;
  /** JSON dataset files (read whole) larger than this are refused. */
  maxDatasetBytes?: number;
  /** JSONL lines (records) longer than this are skipped (reported). */
  maxRecordBytes?: number;
  /** The prompt for loose answer files / folders (overrides a prompt.md). */
  prompt?: string;
  /** Keep empty answers in datasets (evaluation: the judge judged them too). */
  keepEmpty?: boolean;
}

export interface LoadResult {
  examples: BlendExample[];
  issues: BlendIssue[];
  /** Records or files that could not be used at all. */
  badRecords: number;
}

/** One step of the stream: an example (a record, a folder, the loose answer files) and/or the problems met on the way. */
export interface InputUnit {
  example?: BlendExample;
  issues: BlendIssue[];
  /** Records or files of this step that could not be used at all. */
  bad: number;
  /** File and 1-based line of a dataset record. */
  file?: string;
  line?: number;
}

export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_ANSWER_BYTES;
export const DEFAULT_MAX_DATASET_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

interface LooseAnswer {
  model: string;
  text: string;
  meta: CandidateMeta;
}

type Planned = { path: string; kind: "dir" | "jsonl" | "file"; size: number };

/** A file-system failure as bad input naming the path ("a broken symbolic link", "a named pipe, not a regular file"). */
async function fsCall<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(describeFsError(e), path);
  }
}

/** `answer`: the limit is the answer size limit (answer files), and the message says so. */
async function readBytes(fs: InputFs, path: string, limit: number, answer: boolean): Promise<Uint8Array> {
  const st = await fsCall(path, () => fs.stat(path));
  if (st.type !== "file") throw new InputError(st.type === "dir" ? "a folder, not a file" : notRegularFile(st.kind), path);
  if (st.size > limit) throw tooBig(path, st.size, limit, answer);
  return fsCall(path, () => fs.readFile(path));
}

function tooBig(path: string, size: number, limit: number, answer: boolean): InputError {
  return new InputError(answer ? `answer file is ${overAnswerLimit(`${size} bytes`, limit)}` : `file is ${size} bytes, over the ${limit}-byte limit`, path);
}

/** The chunks of a file, with file-system failures as InputErrors naming it. */
async function* fileChunks(fs: InputFs, path: string): AsyncGenerator<Uint8Array> {
  const it = chunksOf(fs, path)[Symbol.asyncIterator]();
  for (;;) {
    const r = await fsCall(path, () => it.next());
    if (r.done) return;
    yield r.value;
  }
}

async function readAnswerText(fs: InputFs, path: string, limit: number): Promise<string> {
  return decodeUtf8(await readBytes(fs, path, limit, true), path);
}

function modelName(fs: InputFs, path: string): string {
  const base = fs.basename(path);
  const ext = fs.extname(path);
  return ext ? base.slice(0, -ext.length) : base;
}

/** Examples without any usable answer are dropped with an issue. */
function usable(example: BlendExample, issues: BlendIssue[], bad = 0): InputUnit {
  if (example.candidates.length > 0) return { example, issues, bad };
  return { issues: [...issues, { where: example.id, message: "no usable answers: example skipped" }], bad };
}

/**
 * The inputs as a stream of examples. Every path is checked before the first example is read
 * (a missing file or an unsupported type is an InputError up front); problems inside files are
 * reported in the units and never stop the stream.
 */
export class InputStream implements AsyncIterable<InputUnit> {
  private readonly stats = newByteLineStats();
  private wholeBytes = 0;

  constructor(
    private readonly fs: InputFs,
    private readonly planned: Planned[],
    private readonly opts: LoadOptions,
  ) {}

  /** Whether the inputs hold datasets (many examples) rather than one folder or set of answer files. */
  get hasDatasets(): boolean {
    return this.planned.some((p) => this.isDataset(p));
  }

  private isDataset(p: Planned): boolean {
    return p.kind === "jsonl" || (p.kind === "file" && this.fs.extname(p.path).toLowerCase() === ".json");
  }

  /** Work done reading JSONL lines (bytes in, bytes copied, longest line held), for scale tests. */
  get lineStats(): Readonly<ByteLineStats> {
    return this.stats;
  }

  /** Dataset bytes read so far and in all, for progress over inputs of unknown record count. */
  progress(): { done: number; total: number } {
    const total = this.planned.reduce((s, p) => s + (this.isDataset(p) ? p.size : 0), 0);
    return { done: this.stats.bytesDone + this.wholeBytes, total };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<InputUnit> {
    const fs = this.fs;
    const maxFile = this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const maxData = this.opts.maxDatasetBytes ?? DEFAULT_MAX_DATASET_BYTES;
    const maxRecord = this.opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    const loose: LooseAnswer[] = [];
    const looseIssues: BlendIssue[] = [];
    let loosePrompt: string | undefined;
    const single = this.planned.length === 1;

    for (const { path, kind, size } of this.planned) {
      if (kind === "dir") {
        yield await loadFolder(fs, path, maxFile, this.opts.prompt);
        continue;
      }
      if (kind === "jsonl") {
        for await (const r of jsonlRecords(fileChunks(fs, path), path, { keepEmpty: this.opts.keepEmpty, maxRecordBytes: maxRecord, stats: this.stats })) {
          yield { example: r.example, issues: r.issues, bad: r.example ? 0 : 1, file: path, line: r.line };
        }
        continue;
      }
      const ext = fs.extname(path).toLowerCase();
      const bytes = await readBytes(fs, path, ext === ".json" ? maxData : maxFile, ext !== ".json");
      // A dataset keeps its records that are UTF-8; any other file must be UTF-8 throughout.
      const lenient = ext === ".json" ? decodeLenient(bytes) : null;
      if (lenient && looksLikeDataset(lenient.text)) {
        this.wholeBytes += size;
        const d = parseJsonDataset(lenient.text, path, this.opts.keepEmpty, lenient.bad);
        // Problems go out with the first example (or alone), so nothing is spread into an array.
        let issues: BlendIssue[] = d.issues;
        let bad = d.badRecords;
        for (const example of d.examples) {
          yield { example, issues, bad, file: path };
          issues = [];
          bad = 0;
        }
        if (issues.length || bad) yield { issues, bad, file: path };
        continue;
      }
      if (bytes.length > maxFile) throw tooBig(path, bytes.length, maxFile, true); // a .json answer, not a dataset
      const text = lenient && lenient.bad.length === 0 ? lenient.text : decodeUtf8(bytes, path);
      if (isPromptFile(fs.basename(path))) {
        loosePrompt = text.trim();
        continue;
      }
      if ((ext === ".md" || ext === ".markdown") && single && hasSections(text)) {
        const s = parseSections(text, path);
        const ex = exampleFromTexts(this.opts.prompt ?? s.prompt, s.candidates.map((c) => ({ model: c.model, text: c.text, meta: c.meta ?? {} })), modelName(fs, path));
        yield usable(ex.example, [...s.issues, ...ex.issues]);
        continue;
      }
      const a = answerFromFile(ext, text, path);
      loose.push({ model: a.model ?? modelName(fs, path), text: a.text, meta: { file: path } });
    }
    if (loose.length) {
      const ex = exampleFromTexts(this.opts.prompt ?? loosePrompt ?? "", loose, "files");
      for (const i of ex.issues) looseIssues.push(i);
      yield usable(ex.example, looseIssues);
    }
  }
}

/** Checks every path (exists, supported type) and returns the stream of its examples. */
export async function openInputs(paths: string[], opts: LoadOptions = {}): Promise<InputStream> {
  const fs = opts.fs ?? nodeFs;
  if (paths.length === 0) throw new InputError("no input given (a blend-set/MixInstruct file, a folder, or answer files)");
  const planned: Planned[] = [];
  for (const path of paths) {
    const st = await fsCall(path, () => fs.stat(path));
    if (st.type === "other") throw new InputError(notRegularFile(st.kind), path);
    if (st.type === "dir") {
      planned.push({ path, kind: "dir", size: 0 });
      continue;
    }
    const ext = fs.extname(path).toLowerCase();
    if (ext === ".jsonl") planned.push({ path, kind: "jsonl", size: st.size });
    else if (ANSWER_EXTENSIONS.includes(ext)) planned.push({ path, kind: "file", size: st.size });
    else throw new InputError(`unsupported file type "${ext || "(none)"}" (expected .jsonl, .json, .md or .txt)`, path);
  }
  return new InputStream(fs, planned, opts);
}

/** What a stream of inputs met so far: the problems, the bad records and how many examples came. */
export class LoadTally {
  readonly issues: BlendIssue[] = [];
  badRecords = 0;
  examples = 0;

  add(unit: InputUnit): void {
    for (const i of unit.issues) this.issues.push(i);
    this.badRecords += unit.bad;
    if (unit.example) this.examples++;
  }
}

export async function loadInputs(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const result: LoadResult = { examples: [], issues: [], badRecords: 0 };
  for await (const unit of await openInputs(paths, opts)) {
    if (unit.example) result.examples.push(unit.example);
    for (const i of unit.issues) result.issues.push(i);
    result.badRecords += unit.bad;
  }
  return result;
}

/** A folder: every answer file is one candidate (model = file name); prompt.md/prompt.txt is the prompt. */
async function loadFolder(fs: InputFs, dir: string, maxFile: number, prompt: string | undefined): Promise<InputUnit> {
  const names = (await fsCall(dir, () => fs.readDir(dir))).filter((n) => !n.startsWith("."));
  const answers: LooseAnswer[] = [];
  const issues: BlendIssue[] = [];
  let bad = 0;
  let folderPrompt = "";
  for (const name of names) {
    const path = fs.join(dir, name);
    const ext = fs.extname(name).toLowerCase();
    const answerLike = ANSWER_EXTENSIONS.includes(ext);
    // Entries that are not regular files (broken or looping links, pipes, sockets, folders
    // named like answers) are skipped with a line each; nothing is ever opened to find out.
    let st: InputStat;
    try {
      st = await fs.stat(path);
    } catch (e) {
      if (answerLike) bad++;
      issues.push({ where: path, message: `skipped: ${describeFsError(e)}` });
      continue;
    }
    if (st.type === "dir") {
      if (answerLike) issues.push({ where: path, message: "skipped: a folder, not an answer file" });
      continue;
    }
    if (st.type === "other") {
      if (answerLike) bad++;
      issues.push({ where: path, message: `skipped: ${notRegularFile(st.kind)}` });
      continue;
    }
    if (!answerLike) {
      issues.push({ where: path, file: path, message: `skipped: not an answer file (.md, .txt or .json)` });
      continue;
    }
    try {
      const text = await readAnswerText(fs, path, maxFile);
      if (isPromptFile(name)) {
        folderPrompt = text.trim();
        continue;
      }
      const a = answerFromFile(ext, text, path);
      answers.push({ model: a.model ?? modelName(fs, path), text: a.text, meta: { file: path } });
    } catch (e) {
      // One bad file never kills the blend: report it and go on with the others.
      if (!(e instanceof InputError)) throw e;
      bad++;
      issues.push({
        where: e.line !== undefined ? `${path}:${e.line}` : path,
        file: path,
        ...(e.line !== undefined ? { line: e.line } : {}),
        message: (e.field ? `field "${e.field}": ` : "") + e.detail,
      });
    }
  }
  const ex = exampleFromTexts(prompt ?? folderPrompt, answers, fs.basename(dir));
  for (const i of ex.issues) issues.push(i);
  return usable(ex.example, issues, bad);
}
