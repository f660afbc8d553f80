// Groups sequences of similar length into batches (less padding) and pads them into the
// int64 tensors the ONNX graph takes.

export interface BatchPlan {
  /** Indices into the input list, longest first. */
  indices: number[];
  /** Length every sequence of the batch is padded to. */
  length: number;
}

/** Sorts by length (longest first, stable) and cuts into batches of at most `batchSize`. */
export function planBatches(lengths: readonly number[], batchSize: number): BatchPlan[] {
  const size = Math.max(1, Math.floor(batchSize));
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const plans: BatchPlan[] = [];
  for (let s = 0; s < order.length; s += size) {
    const indices = order.slice(s, s + size);
    plans.push({ indices, length: lengths[indices[0]] });
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
