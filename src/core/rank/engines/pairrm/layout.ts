// PairRM's input layout for one ordered pair, exactly as its Hugging Face path builds it:
//   [CLS]<|source|>x[SEP] [CLS]<|candidate1|>A[SEP] [CLS]<|candidate2|>B[SEP]
// The source part is cut to `sourceMax` tokens (with [CLS]/[SEP]); each candidate part to
// (sourceMax + 2·candidateMax − len(source part)) // 2 tokens. Budgets depend only on the
// example, never on the batch.

export const MARKER_TOKENS = {
  source: "<|source|>",
  candidate1: "<|candidate1|>",
  candidate2: "<|candidate2|>",
  candidate: "<|candidate|>",
} as const;

/** PairRM's lengths (llm-blender/PairRM): source 1224, candidate 412, total 2048. */
export const PAIRRM_LENGTHS = { source: 1224, candidate: 412 } as const;

export interface PairRmLayout {
  clsId: number;
  sepId: number;
  padId: number;
  markerIds: { source: number; candidate1: number; candidate2: number };
  sourceMax: number;
  candidateMax: number;
}

const LITERALS = ["[SEP]", ...Object.values(MARKER_TOKENS)];

/**
 * A literal `[SEP]` in a text becomes a space (as PairRM does). So do literal marker tokens:
 * the model locates candidates by their marker, and a stray one inside a text would move it.
 */
export function cleanText(text: string): string {
  let t = text;
  for (const lit of LITERALS) if (t.includes(lit)) t = t.split(lit).join(" ");
  return t;
}

/** `[CLS] marker body… [SEP]`, with the body cut so the whole part fits `budget` tokens. */
export function partIds(layout: PairRmLayout, marker: number, body: readonly number[], budget: number): number[] {
  const room = Math.max(budget - 3, 0);
  const out = new Array<number>(Math.min(body.length, room) + 3);
  out[0] = layout.clsId;
  out[1] = marker;
  for (let i = 0; i < out.length - 3; i++) out[i + 2] = body[i];
  out[out.length - 1] = layout.sepId;
  return out;
}

/** The candidates' per-example budget, given the length of the source part. */
export function candidateBudget(layout: PairRmLayout, sourcePartLength: number): number {
  return Math.floor((layout.sourceMax + 2 * layout.candidateMax - sourcePartLength) / 2);
}

/** Token ids of one ordered pair. The arguments are the tokenized texts, without special tokens. */
export function pairIds(layout: PairRmLayout, source: readonly number[], a: readonly number[], b: readonly number[]): number[] {
  const src = partIds(layout, layout.markerIds.source, source, layout.sourceMax);
  const budget = candidateBudget(layout, src.length);
  return [...src, ...partIds(layout, layout.markerIds.candidate1, a, budget), ...partIds(layout, layout.markerIds.candidate2, b, budget)];
}
