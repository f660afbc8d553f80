// Deterministic benchmark inputs: examples of N candidates with varied lengths, each example
// with its own words (so tokenization is really done, not answered from the token cache).
import type { BlendExample } from "../../src/core/types";

const WORDS = "the model explains answer step by step with examples a ranker compares two numbers returns the best option in detail for beginners because it is useful sorts list writes short poem".split(" ");

function words(n: number, seed: number): string {
  const out: string[] = [];
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return out.join(" ") + ".";
}

/** Candidate i has roughly `minWords + i * stepWords` words. */
export function benchExample(k: number, candidates: number, minWords: number, stepWords: number): BlendExample {
  return {
    id: `bench-${k}`,
    instruction: `Question ${k}: ` + words(30, k * 1000),
    input: "",
    candidates: Array.from({ length: candidates }, (_, i) => ({ model: `m${i}`, text: `Answer ${k}.${i}: ` + words(minWords + i * stepWords, k * 1000 + i + 1) })),
  };
}
