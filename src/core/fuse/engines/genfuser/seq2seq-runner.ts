// A T5-style seq2seq ONNX export (optimum / transformers.js layout) loaded with transformers.js
// and driven one decoder position at a time: the encoder runs once, each decoder step feeds
// the previous step's cache (use_cache_branch) so the real cached path of the merged decoder runs.
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from "@huggingface/transformers";
import { ModelError } from "../../../errors";
import type { StepDecoder } from "./beam-search";
import { readConfig, seq2seqOnnxFiles, type Seq2SeqDtype } from "./model-files";
import { checkTokenizerFits, type Seq2SeqConfigIds } from "./tokenizer-fit";

type Hf = typeof import("@huggingface/transformers");

/** Named KV tensors `past_key_values.{i}.{decoder,encoder}.{key,value}`. */
export type KvCache = Record<string, Tensor>;

export interface Seq2SeqFiles {
  dtype: Seq2SeqDtype;
  threads?: number;
}

interface OrtLikeSession {
  inputNames: string[];
  outputNames: string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface ForwardOutput {
  logits: Tensor;
  [name: string]: Tensor;
}

interface SeqModel {
  sessions: Record<string, OrtLikeSession>;
  forward(inputs: Record<string, unknown>): Promise<ForwardOutput>;
  dispose(): Promise<unknown>;
  config: { decoder_start_token_id?: number; eos_token_id?: number | number[]; pad_token_id?: number; vocab_size?: number };
}

export class Seq2SeqRunner {
  private constructor(
    private readonly hf: Hf,
    private readonly model: SeqModel,
    readonly tokenizer: PreTrainedTokenizer,
    readonly decoderStartTokenId: number,
    readonly eosTokenId: number,
  ) {}

  static async load(dir: string, files: Seq2SeqFiles): Promise<Seq2SeqRunner> {
    const hf = await import("@huggingface/transformers");
    hf.env.allowRemoteModels = false;
    hf.env.allowLocalModels = true;
    let tokenizer: PreTrainedTokenizer;
    let model: PreTrainedModel;
    try {
      tokenizer = await hf.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
    } catch (e) {
      throw new ModelError(`cannot load the tokenizer in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
    checkTokenizerFits(tokenizer.get_vocab() as Map<string, number>, readConfig(dir) as Seq2SeqConfigIds, dir);
    try {
      const threads = files.threads && files.threads > 0 ? Math.floor(files.threads) : undefined;
      model = await hf.AutoModelForSeq2SeqLM.from_pretrained(dir, {
        local_files_only: true,
        dtype: files.dtype,
        session_options: { interOpNumThreads: 1, ...(threads ? { intraOpNumThreads: threads } : {}) },
      });
    } catch (e) {
      throw new ModelError(`cannot load the seq2seq model in ${dir}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
    const m = model as unknown as SeqModel;
    if (!m.sessions.model || !m.sessions.decoder_model_merged) {
      throw new ModelError(`${dir} is not an encoder-decoder export (need ${seq2seqOnnxFiles(files.dtype).join(" and ")}; config.json model_type t5)`);
    }
    const eos = Array.isArray(m.config.eos_token_id) ? m.config.eos_token_id[0] : m.config.eos_token_id;
    const start = m.config.decoder_start_token_id ?? m.config.pad_token_id;
    if (eos === undefined || start === undefined) throw new ModelError(`${dir}/config.json lacks eos_token_id or decoder_start_token_id`);
    return new Seq2SeqRunner(hf, m, tokenizer, start, eos);
  }

  encodeText(text: string): number[] {
    return text ? this.tokenizer.encode(text, { add_special_tokens: false }) : [];
  }

  decodeIds(ids: number[]): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: true });
  }

  private ids(values: number[]): Tensor {
    return new this.hf.Tensor("int64", BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
  }

  /** Runs the encoder once and returns a decoder that steps over its output. */
  async encoder(inputIds: number[]): Promise<StepDecoder<KvCache>> {
    if (inputIds.length === 0) throw new ModelError("the encoder input is empty");
    const mask = this.ids(inputIds.map(() => 1));
    const session = this.model.sessions.model;
    const feeds: Record<string, unknown> = { input_ids: this.ids(inputIds).ort_tensor, attention_mask: mask.ort_tensor };
    const out = await session.run(Object.fromEntries(session.inputNames.map((n) => [n, feeds[n]])));
    const hidden = new this.hf.Tensor(out.last_hidden_state as Tensor["ort_tensor"]);
    const step = async (token: number, cache: KvCache | null) => {
      const outputs = await this.model.forward({
        encoder_outputs: hidden,
        attention_mask: mask,
        decoder_input_ids: this.ids([token]),
        ...(cache ? { past_key_values: cache } : {}),
      });
      const { logits } = outputs;
      const vocab = logits.dims[logits.dims.length - 1];
      const data = logits.data as Float32Array;
      const last = data.slice(data.length - vocab);
      return { logits: last, state: nextCache(outputs, cache) };
    };
    return {
      start: () => step(this.decoderStartTokenId, null),
      next: (cache, token) => step(token, cache),
    };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

/**
 * The cache after a step: new self-attention keys/values from `present.*.decoder.*`; the
 * cross-attention ones are computed on the first step only (later steps of an optimum merged
 * decoder return placeholders for them), so they are carried over.
 */
function nextCache(outputs: ForwardOutput, previous: KvCache | null): KvCache {
  const cache: KvCache = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (!name.startsWith("present.")) continue;
    const past = "past_key_values." + name.slice("present.".length);
    cache[past] = previous && name.includes(".encoder.") ? previous[past] : t;
  }
  return cache;
}
