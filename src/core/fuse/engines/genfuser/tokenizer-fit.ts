// A GenFuser folder's tokenizer must belong to its model: a foreign one encodes the template
// into ids the model never learnt (or past its vocabulary) and the fused text is garbage with
// no error. Checked against config.json before the model is loaded.
import { ModelError } from "../../../errors";

/** T5 checkpoints pad the embedding matrix to a multiple of 128 rows (Flan-T5: 32,100 tokens, 32,128 rows). */
const MAX_SPARE_ROWS = 128;

export interface Seq2SeqConfigIds {
  vocab_size?: number;
  eos_token_id?: number | number[];
  pad_token_id?: number;
  decoder_start_token_id?: number;
}

/** Throws a ModelError saying what does not match; `vocab` is the tokenizer's token → id map. */
export function checkTokenizerFits(vocab: ReadonlyMap<string, number>, config: Seq2SeqConfigIds, dir: string): void {
  const bad = (why: string) => new ModelError(`${dir}: the tokenizer does not belong to this model (${why}); use the tokenizer files exported with the model`);
  let maxId = -1;
  for (const id of vocab.values()) if (id > maxId) maxId = id;
  const rows = config.vocab_size;
  if (typeof rows === "number") {
    if (maxId >= rows) throw bad(`it has token ids up to ${maxId}, but config.json vocab_size is ${rows}`);
    if (vocab.size <= rows - MAX_SPARE_ROWS) throw bad(`it has ${vocab.size} tokens, but config.json vocab_size is ${rows}`);
  }
  const eos = Array.isArray(config.eos_token_id) ? config.eos_token_id[0] : config.eos_token_id;
  const eosId = vocab.get("</s>");
  if (eos !== undefined && eosId !== eos) throw bad(eosId === undefined ? "it has no </s> token" : `its </s> is token ${eosId}, but config.json eos_token_id is ${eos}`);
  const padId = vocab.get("<pad>");
  if (config.pad_token_id !== undefined && padId !== undefined && padId !== config.pad_token_id) throw bad(`its <pad> is token ${padId}, but config.json pad_token_id is ${config.pad_token_id}`);
  if (vocab.get("<extra_id_0>") === undefined) throw bad("it has no <extra_id_0>…: GenFuser marks each candidate with one");
}
