// The exact GenFuser input of LLM-Blender (spec §2): fields joined with `</s>`, candidates cut
// to 128 tokens (with "..." when cut), the whole input cut to 1024 tokens, no special tokens added.
import type { FuseRequest } from "../../fuser";
import { InputError } from "../../../errors";

export const FIELD_SEPARATOR = "</s>";
export const CLOSING_INSTRUCTION = "Summarize candidates into a better one for the given instruction:";
/** T5 has `<extra_id_0>` … `<extra_id_99>`: one per candidate slot. */
export const MAX_CANDIDATES = 100;

export interface GenFuserLengths {
  /** Tokens kept of each candidate before "..." is appended (GenFuser: 128). */
  candidateMaxTokens: number;
  /** Tokens kept of the whole input (GenFuser: 1024). */
  sourceMaxTokens: number;
}

export const DEFAULT_LENGTHS: GenFuserLengths = { candidateMaxTokens: 128, sourceMaxTokens: 1024 };

/** The two tokenizer operations the template needs; ids never include added special tokens. */
export interface TemplateTokenizer {
  /** Ids of `text` without special tokens added (special tokens written in the text still map to their ids). */
  encode(text: string): number[];
  /** Text of `ids` with special tokens kept (`<unk>`, `</s>`, `<extra_id_N>` stay in the text). */
  decode(ids: number[]): string;
}

/** A transformers.js tokenizer as the template uses it. */
export interface HfTokenizerLike {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

/**
 * The template's tokenizer, called as LLM-Blender calls it: `encode(c, add_special_tokens=False)`
 * and, for a cut candidate, `decode(ids)` with its default `skip_special_tokens=False`, so the
 * special tokens a candidate holds survive the cut and reach the model again.
 */
export function templateTokenizer(t: HfTokenizerLike): TemplateTokenizer {
  return {
    encode: (text) => (text ? t.encode(text, { add_special_tokens: false }) : []),
    decode: (ids) => t.decode(ids, { skip_special_tokens: false }),
  };
}

export interface GenFuserInput {
  /** The full input string (before the 1024-token cut). */
  text: string;
  /** The model input: `text`'s ids, cut to `sourceMaxTokens`. */
  ids: number[];
  /** Indexes (rank order) of candidates that were cut and got "...". */
  cutCandidates: number[];
  /** True when the whole input was longer than `sourceMaxTokens`. */
  truncated: boolean;
}

/** A candidate cut to `maxTokens` tokens (special tokens kept), with "..." appended when it was cut; unchanged otherwise. */
export function cutCandidate(text: string, tok: TemplateTokenizer, maxTokens: number): { text: string; cut: boolean } {
  const ids = tok.encode(text);
  if (ids.length <= maxTokens) return { text, cut: false };
  return { text: tok.decode(ids.slice(0, maxTokens)) + "...", cut: true };
}

export function genFuserText(instruction: string, input: string, candidates: string[]): string {
  const fields = [`Instruction: ${instruction}`, `Input: ${input}`];
  candidates.forEach((c, i) => fields.push(`Candidate ${i}: <extra_id_${i}>:${c}`));
  fields.push(CLOSING_INSTRUCTION);
  return fields.join(FIELD_SEPARATOR);
}

export function buildGenFuserInput(req: FuseRequest, tok: TemplateTokenizer, lengths: GenFuserLengths = DEFAULT_LENGTHS): GenFuserInput {
  if (req.ranked.length === 0) throw new InputError("genfuser needs at least one candidate", undefined, undefined, "candidates");
  if (req.ranked.length > MAX_CANDIDATES) {
    throw new InputError(`genfuser fuses at most ${MAX_CANDIDATES} candidates (got ${req.ranked.length}); lower --top-k`, undefined, undefined, "top-k");
  }
  const cutCandidates: number[] = [];
  const texts = req.ranked.map((c, i) => {
    const r = cutCandidate(c.text, tok, lengths.candidateMaxTokens);
    if (r.cut) cutCandidates.push(i);
    return r.text;
  });
  const text = genFuserText(req.instruction, req.input, texts);
  const all = tok.encode(text);
  return { text, ids: all.slice(0, lengths.sourceMaxTokens), cutCandidates, truncated: all.length > lengths.sourceMaxTokens };
}
