// Loads the model folder's tokenizer (tokenizer.json + tokenizer_config.json) with
// transformers.js, strictly from local files, and exposes the two calls the ranker needs.
import { ModelError } from "../../../errors";

export interface TokenEncoder {
  /** Token ids of a text, without special tokens. */
  encode(text: string): number[];
  /** Id of a vocabulary or added token; undefined if the tokenizer does not know it. */
  tokenId(token: string): number | undefined;
}

export async function loadTokenizer(dir: string): Promise<TokenEncoder> {
  const { AutoTokenizer, env } = await import("@huggingface/transformers");
  // Local files only: resolveModel has already put every file in `dir`.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  let tok: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  try {
    tok = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  } catch (e) {
    throw new ModelError(`cannot load the tokenizer in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const vocab = tok.get_vocab();
  return {
    encode: (text) => (text ? tok.encode(text, { add_special_tokens: false }) : []),
    tokenId: (token) => vocab.get(token),
  };
}
