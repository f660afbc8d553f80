// Entry point of candidate loading: answer files, folders, Markdown section files, blend-set and MixInstruct datasets.
import type { BlendExample, BlendIssue, CandidateMeta } from "../types";
import { InputError } from "../errors";
import { nodeFs, type InputFs } from "./input-fs";
import { decodeUtf8 } from "./decode";
import { ANSWER_EXTENSIONS, answerFromFile, hasSections, isPromptFile, parseSections } from "./answer-files";
import { looksLikeDataset, parseJsonDataset, parseJsonl, type DatasetLoad } from "./datasets";
import { exampleFromTexts } from "./from-texts";

export interface LoadOptions {
  fs?: InputFs;
  /** Answer files larger than this are skipped (reported). */
  maxFileBytes?: number;
  /** Dataset files (JSON/JSONL) larger than this are refused. */
  maxDatasetBytes?: number;
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

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_DATASET_BYTES = 1024 * 1024 * 1024;

interface LooseAnswer {
  model: string;
  text: string;
  meta: CandidateMeta;
}

async function readText(fs: InputFs, path: string, limit: number): Promise<string> {
  const st = await fs.stat(path);
  if (st.size > limit) throw new InputError(`file is ${st.size} bytes, over the ${limit}-byte limit`, path);
  return decodeUtf8(await fs.readFile(path), path);
}

function modelName(fs: InputFs, path: string): string {
  const base = fs.basename(path);
  const ext = fs.extname(path);
  return ext ? base.slice(0, -ext.length) : base;
}

function isDatasetPath(fs: InputFs, path: string): boolean {
  return fs.extname(path).toLowerCase() === ".jsonl";
}

export async function loadInputs(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const fs = opts.fs ?? nodeFs;
  const maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxData = opts.maxDatasetBytes ?? DEFAULT_MAX_DATASET_BYTES;
  if (paths.length === 0) throw new InputError("no input given (a blend-set/MixInstruct file, a folder, or answer files)");
  const result: LoadResult = { examples: [], issues: [], badRecords: 0 };
  const addDataset = (d: DatasetLoad) => {
    result.examples.push(...d.examples);
    result.issues.push(...d.issues);
    result.badRecords += d.badRecords;
  };
  const loose: LooseAnswer[] = [];
  let loosePrompt: string | undefined;

  for (const path of paths) {
    let st: { type: "file" | "dir"; size: number };
    try {
      st = await fs.stat(path);
    } catch {
      throw new InputError("no such file or folder", path);
    }
    if (st.type === "dir") {
      result.examples.push(await loadFolder(fs, path, maxFile, opts.prompt, result));
      continue;
    }
    const ext = fs.extname(path).toLowerCase();
    if (isDatasetPath(fs, path)) {
      addDataset(parseJsonl(await readText(fs, path, maxData), path, opts.keepEmpty));
      continue;
    }
    if (!ANSWER_EXTENSIONS.includes(ext)) throw new InputError(`unsupported file type "${ext || "(none)"}" (expected .jsonl, .json, .md or .txt)`, path);
    const text = await readText(fs, path, ext === ".json" ? maxData : maxFile);
    if (ext === ".json" && looksLikeDataset(text)) {
      addDataset(parseJsonDataset(text, path, opts.keepEmpty));
      continue;
    }
    if (isPromptFile(fs.basename(path))) {
      loosePrompt = text.trim();
      continue;
    }
    if ((ext === ".md" || ext === ".markdown") && paths.length === 1 && hasSections(text)) {
      const s = parseSections(text, path);
      const ex = exampleFromTexts(opts.prompt ?? s.prompt, s.candidates.map((c) => ({ model: c.model, text: c.text, meta: c.meta ?? {} })), modelName(fs, path));
      result.issues.push(...s.issues, ...ex.issues);
      result.examples.push(ex.example);
      continue;
    }
    const a = answerFromFile(ext, text, path);
    loose.push({ model: a.model ?? modelName(fs, path), text: a.text, meta: { file: path } });
  }
  if (loose.length) {
    const ex = exampleFromTexts(opts.prompt ?? loosePrompt ?? "", loose, "files");
    result.issues.push(...ex.issues);
    result.examples.push(ex.example);
  }
  const usable = result.examples.filter((e) => e.candidates.length > 0);
  for (const e of result.examples)
    if (e.candidates.length === 0) result.issues.push({ where: e.id, message: "no usable answers: example skipped" });
  result.examples = usable;
  return result;
}

/** A folder: every answer file is one candidate (model = file name); prompt.md/prompt.txt is the prompt. */
async function loadFolder(fs: InputFs, dir: string, maxFile: number, prompt: string | undefined, result: LoadResult): Promise<BlendExample> {
  const names = (await fs.readDir(dir)).filter((n) => !n.startsWith("."));
  const answers: LooseAnswer[] = [];
  let folderPrompt = "";
  for (const name of names) {
    const path = fs.join(dir, name);
    const ext = fs.extname(name).toLowerCase();
    if (!ANSWER_EXTENSIONS.includes(ext)) {
      const st = await fs.stat(path).catch(() => null);
      if (st?.type === "file") result.issues.push({ where: path, message: `skipped: not an answer file (.md, .txt or .json)` });
      continue;
    }
    try {
      const text = await readText(fs, path, maxFile);
      if (isPromptFile(name)) {
        folderPrompt = text.trim();
        continue;
      }
      const a = answerFromFile(ext, text, path);
      answers.push({ model: a.model ?? modelName(fs, path), text: a.text, meta: { file: path } });
    } catch (e) {
      // One bad file never kills the blend: report it and go on with the others.
      if (!(e instanceof InputError)) throw e;
      result.badRecords++;
      result.issues.push({ where: e.line !== undefined ? `${path}:${e.line}` : path, message: (e.field ? `field "${e.field}": ` : "") + e.detail });
    }
  }
  const ex = exampleFromTexts(prompt ?? folderPrompt, answers, fs.basename(dir));
  result.issues.push(...ex.issues);
  return ex.example;
}
