// Runs a list of batches through a BatchRunner with up to `runner.concurrency` of them in
// flight (one at a time for a local session), so a remote server can work on several while
// the next are built and sent. The first failure stops the rest (in-flight requests are
// cancelled) and is the one thrown.
import { abortError, isAbortError, throwIfAborted } from "../errors";
import type { PaddedBatch } from "../rank/batching";
import type { BatchRunner } from "./batch-runner";

/**
 * Builds batch k with `build(k)` just before it is sent and hands its logits to
 * `onDone(k, logits)` as it finishes (not necessarily in order); `onDone` may throw to stop.
 */
export async function runBatches(
  runner: BatchRunner,
  count: number,
  build: (k: number) => PaddedBatch,
  onDone: (k: number, logits: Float32Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  throwIfAborted(signal);
  const lanes = Math.max(1, Math.min(count, Math.floor(runner.concurrency ?? 1)));
  const stop = new AbortController();
  const onOuter = () => stop.abort();
  signal?.addEventListener("abort", onOuter, { once: true });
  let next = 0;
  let failure: unknown;
  const lane = async (): Promise<void> => {
    while (!stop.signal.aborted && next < count) {
      const k = next++;
      try {
        onDone(k, await runner.run(build(k), stop.signal));
      } catch (e) {
        // After the first failure the others end as cancellations: keep the first cause.
        if (failure === undefined && !(stop.signal.aborted && isAbortError(e))) failure = e;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    signal?.removeEventListener("abort", onOuter);
  }
  if (signal?.aborted) throw abortError();
  if (failure !== undefined) throw failure;
}
