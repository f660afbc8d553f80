import type { PairInput, PairwiseRanker } from "../../types";

/** Number of characters (Unicode code points, as Python's len counts them). */
export function charCount(text: string): number {
  // Only surrogate pairs make code points differ from UTF-16 units; most texts have none.
  if (!/[\ud800-\udfff]/.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Baseline: the longer answer wins. Logit = log((len(a)+1)/(len(b)+1)), so equal lengths tie. */
export class LengthRanker implements PairwiseRanker {
  readonly name = "length";
  readonly modelId = "length";
  async scorePairs(pairs: PairInput[]): Promise<number[]> {
    return pairs.map((p) => Math.log((charCount(p.a) + 1) / (charCount(p.b) + 1)));
  }
}
