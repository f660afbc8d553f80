// The `genfuser` engine: LLM-Blender's GenFuser (a Flan-T5 seq2seq model) on transformers.js.
import type { EngineContext, EngineOptions } from "../../../engine-options";
import { InputError, ModelError, throwIfAborted } from "../../../errors";
import { resolveModel } from "../../../models/resolve";
import type { Fuser, FuseRequest, FuseRunOptions } from "../../fuser";
import { decode } from "./beam-search";
import { CONFIG_FILES, externalDataFiles, readConfig, seq2seqOnnxFiles } from "./model-files";
import { Seq2SeqRunner } from "./seq2seq-runner";
import { buildGenFuserInput, DEFAULT_LENGTHS, templateTokenizer, type GenFuserInput, type GenFuserLengths } from "./template";
import { TextStream } from "./text-stream";

/** How a user gets a model: shown in every "model missing" error. */
export const GENFUSER_MODEL_HINT =
  "export llm-blender/gen_fuser_3b to ONNX as models/genfuser/README.md shows, then pass the folder with --fuser-model DIR (setting answerBlender.genfuser.model)";
export const DEFAULT_NUM_BEAMS = 4;
export const DEFAULT_MAX_NEW_TOKENS = 128;

export interface GenFuserSettings {
  numBeams: number;
  maxNewTokens: number;
  lengths: GenFuserLengths;
}

export class GenFuser implements Fuser {
  readonly name = "genfuser";
  readonly label = "GenFuser";
  constructor(
    private readonly runner: Seq2SeqRunner,
    readonly settings: GenFuserSettings,
  ) {}

  /** The exact model input for `req` (text and ids), as LLM-Blender builds it. */
  input(req: FuseRequest): GenFuserInput {
    return buildGenFuserInput(req, templateTokenizer(this.runner.tokenizer), this.settings.lengths);
  }

  /** Generated token ids (without the decoder start token); certain text streams to `opts.onToken`. */
  async generateIds(inputIds: number[], opts: FuseRunOptions = {}): Promise<number[]> {
    throwIfAborted(opts.signal);
    const stream = opts.onToken ? new TextStream((ids) => this.runner.decodeIds(ids), opts.onToken) : null;
    const decoder = await this.runner.encoder(inputIds);
    const { tokens } = await decode(decoder, {
      numBeams: this.settings.numBeams,
      maxNewTokens: this.settings.maxNewTokens,
      eosTokenId: this.runner.eosTokenId,
      signal: opts.signal,
      onCertainPrefix: stream ? (ids) => stream.update(ids) : undefined,
    });
    stream?.finish(this.runner.decodeIds(tokens));
    return tokens;
  }

  async fuse(req: FuseRequest, opts: FuseRunOptions = {}): Promise<string> {
    const ids = await this.generateIds(this.input(req).ids, opts);
    return this.runner.decodeIds(ids);
  }

  dispose(): Promise<void> {
    return this.runner.dispose();
  }
}

function positiveInt(v: number | undefined, fallback: number, field: string): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1) throw new InputError(`must be a positive integer (got ${v})`, undefined, undefined, field);
  return v;
}

export async function createGenFuser(o: EngineOptions, ctx: EngineContext = {}): Promise<GenFuser> {
  const dtype = o.dtype === "int8" ? "q8" : "fp32";
  const numBeams = positiveInt(o.numBeams, DEFAULT_NUM_BEAMS, "numBeams");
  const maxNewTokens = positiveInt(o.maxNewTokens, DEFAULT_MAX_NEW_TOKENS, "maxNewTokens");
  // The published llm-blender/gen_fuser_3b is PyTorch only, so there is no default: the user names an ONNX export.
  if (!o.model) throw new ModelError(`the genfuser fuser needs a model: ${GENFUSER_MODEL_HINT}`);
  const onnx = seq2seqOnnxFiles(dtype);
  const resolve = (requiredFiles: string[]) =>
    resolveModel(o.model!, { requiredFiles, cacheDir: o.cacheDir, allowDownload: o.allowDownload, onProgress: ctx.onProgress, signal: ctx.signal, hint: GENFUSER_MODEL_HINT });
  // config.json first: it says whether the (3B) graphs keep their weights in .onnx_data files.
  const withConfig = await resolve(["config.json"]);
  const resolved = await resolve([...CONFIG_FILES, ...onnx, ...externalDataFiles(readConfig(withConfig.dir), onnx)]);
  ctx.onProgress?.({ stage: "load", done: 0, total: 1, message: `loading GenFuser from ${resolved.dir}` });
  const runner = await Seq2SeqRunner.load(resolved.dir, { dtype, threads: o.threads });
  ctx.onProgress?.({ stage: "load", done: 1, total: 1 });
  // A manifest.json (models/genfuser/arrange_export.py writes one) may set other input lengths.
  const l = resolved.manifest?.lengths;
  const lengths = l ? { sourceMaxTokens: l.source, candidateMaxTokens: l.candidate } : DEFAULT_LENGTHS;
  return new GenFuser(runner, { numBeams, maxNewTokens, lengths });
}
