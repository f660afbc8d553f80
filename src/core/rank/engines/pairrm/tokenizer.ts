// The two tokenizer calls the pairrm ranker needs, over the folder's transformers.js tokenizer.
import { loadHfTokenizer } from "../../../models/hf-tokenizer";

export interface TokenEncoder {
  /** Token ids of a text, without special tokens. */
  encode(text: string): number[];
  /** Id of a vocabulary or added token; undefined if the tokenizer does not know it. */
  tokenId(token: string): number | undefined;
}

export async function loadTokenizer(dir: string): Promise<TokenEncoder> {
  const tok = await loadHfTokenizer(dir);
  const vocab = tok.get_vocab();
  return {
    encode: (text) => (text ? tok.encode(text, { add_special_tokens: false }) : []),
    tokenId: (token) => vocab.get(token),
  };
}
