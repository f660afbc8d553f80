// The one seam between a ranker engine and the model it runs: a padded batch goes in, one
// logit per row comes out. Tokenization, batching, caching and aggregation stay in the
// engine, so the local onnxruntime session below can be swapped for another runner (the
// remote inference server runner in src/core/remote/) without touching them.
import type { PaddedBatch } from "../rank/batching";
import { positionIds } from "../rank/batching";
import type { Tensor } from "onnxruntime-node";
import type { InferenceSession, OnnxRuntime } from "./onnx-session";

export interface BatchRunner {
  /** Runs one padded batch; returns one logit per row, in row order. A runner that can stop early honours `signal`. */
  run(batch: PaddedBatch, signal?: AbortSignal): Promise<Float32Array>;
  /** Frees the model (the session, or a connection). */
  release(): Promise<void>;
  /** Batches worth keeping in flight at once (a remote server); 1 when absent (a local session). */
  readonly concurrency?: number;
}

/**
 * A runner over an onnxruntime session: feeds `input_ids` and `attention_mask`, and
 * `position_ids` (0, 1, 2, … per row) when the graph has that input; reads `logits`, which
 * must hold one float per row (shape [batch] or [batch, 1]).
 */
export function onnxBatchRunner(ort: OnnxRuntime, session: InferenceSession, label: string): BatchRunner {
  const wantsPositions = session.inputNames.includes("position_ids");
  return {
    async run(batch) {
      const { inputIds, attentionMask, dims } = batch;
      const feeds: Record<string, Tensor> = {
        input_ids: new ort.Tensor("int64", inputIds, dims),
        attention_mask: new ort.Tensor("int64", attentionMask, dims),
      };
      if (wantsPositions) feeds.position_ids = new ort.Tensor("int64", positionIds(dims), dims);
      const result = await session.run(feeds);
      const logits = result.logits;
      if (!logits || logits.type !== "float32" || logits.data.length !== dims[0]) {
        throw new Error(`${label}: the model returned ${logits ? `${logits.type}[${logits.dims.join(",")}]` : "no logits"}, expected float32[${dims[0]}]`);
      }
      return logits.data as Float32Array;
    },
    release: () => session.release(),
  };
}
