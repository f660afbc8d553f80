// Groups sequences of similar length into batches (less padding) and pads them into the
// int64 tensors an ONNX ranker graph takes. Shared by the pairrm and reward engines.

export interface BatchPlan {
  /** Indices into the input list, longest first. */
  indices: number[];
  /** Length every sequence of the batch is padded to. */
  length: number;
}

/**
 * Sorts by length (longest first, stable) and cuts into batches of at most `batchSize`
 * sequences and, when `maxTokens` is given, at most `maxTokens` padded tokens (a single
 * sequence longer than that still gets a batch of its own).
 */
export function planBatches(lengths: readonly number[], batchSize: number, maxTokens = Infinity): BatchPlan[] {
  const size = Math.max(1, Math.floor(batchSize));
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const plans: BatchPlan[] = [];
  let current: BatchPlan | null = null;
  for (const i of order) {
    if (!current || current.indices.length >= size || (current.indices.length + 1) * current.length > maxTokens) {
      current = { indices: [], length: lengths[i] };
      plans.push(current);
    }
    current.indices.push(i);
  }
  return plans;
}

export interface PaddedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  dims: [number, number];
}

/** Right-pads each sequence with `padId` to the longest one; the mask is 1 on real tokens. */
export function padBatch(seqs: readonly (readonly number[])[], padId: number): PaddedBatch {
  const t = seqs.reduce((m, s) => Math.max(m, s.length), 0);
  const inputIds = new BigInt64Array(seqs.length * t).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(seqs.length * t);
  seqs.forEach((s, row) => {
    for (let i = 0; i < s.length; i++) {
      inputIds[row * t + i] = BigInt(s[i]);
      attentionMask[row * t + i] = 1n;
    }
  });
  return { inputIds, attentionMask, dims: [seqs.length, t] };
}

/** 0, 1, 2, … along each row (with right padding the real tokens get their true positions). */
export function positionIds(dims: readonly [number, number]): BigInt64Array {
  const [b, t] = dims;
  const out = new BigInt64Array(b * t);
  for (let row = 0; row < b; row++) for (let i = 0; i < t; i++) out[row * t + i] = BigInt(i);
  return out;
}
