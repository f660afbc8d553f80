// Creates onnxruntime-node sessions with the team's settings (threads, optimisation), turning
// load failures into a ModelError that names the file.
import { existsSync, readlinkSync, statSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { isMainThread } from "node:worker_threads";
import type { InferenceSession as OrtSession } from "onnxruntime-node";
import { ModelError } from "../errors";

export interface OnnxSessionOptions {
  /** Intra-op threads; 0 or undefined lets onnxruntime decide (all cores). */
  threads?: number;
  /** Graph optimisation level; "all" unless a test needs the raw graph. */
  optimization?: "disabled" | "basic" | "extended" | "all";
  /**
   * Let idle intra-op threads busy-wait for work (onnxruntime's default). Off by default:
   * we share the machine with an editor, and spinning threads take cores from its UI thread.
   */
  spin?: boolean;
}

export type OnnxRuntime = typeof import("onnxruntime-node");
export type InferenceSession = OrtSession;

let ortPromise: Promise<OnnxRuntime> | null = null;

/** Loads onnxruntime-node once (lazily: its native module is heavy and only the worker needs it). */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  ortPromise ??= import("onnxruntime-node").then((m) => ((m as { default?: OnnxRuntime }).default ?? m) as OnnxRuntime);
  return ortPromise;
}

/** Niceness of inference threads: below the editor's UI thread, which must never wait for them. */
const WORKER_NICENESS = 10;

/**
 * In a worker thread on Linux, lowers this thread's CPU priority. onnxruntime's intra-op
 * threads, started while the session loads, inherit it; so on a busy machine the host's
 * event loop gets a core before inference does. (Linux sets niceness per thread; elsewhere
 * this is a no-op.)
 */
export function lowerWorkerThreadPriority(): void {
  if (isMainThread || process.platform !== "linux") return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0 && getPriority(tid) < WORKER_NICENESS) setPriority(tid, WORKER_NICENESS);
  } catch {
    // No /proc or not permitted: keep the priority.
  }
}

/** Opens an ONNX model file. A missing, empty or unreadable file becomes a ModelError naming it. */
export async function createOnnxSession(path: string, opts: OnnxSessionOptions = {}): Promise<InferenceSession> {
  if (!existsSync(path)) throw new ModelError(`ONNX model file ${path} is missing`);
  if (statSync(path).size === 0) throw new ModelError(`ONNX model file ${path} is empty`);
  const ort = await loadOnnxRuntime();
  lowerWorkerThreadPriority();
  const threads = opts.threads && opts.threads > 0 ? Math.floor(opts.threads) : undefined;
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: opts.optimization ?? "all",
      executionMode: "sequential",
      // One inter-op thread: the graphs are sequential; parallelism comes from intra-op threads.
      interOpNumThreads: 1,
      ...(threads ? { intraOpNumThreads: threads } : {}),
      extra: { session: { intra_op: { allow_spinning: opts.spin ? "1" : "0" }, inter_op: { allow_spinning: opts.spin ? "1" : "0" } } },
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelError(`cannot load ONNX model ${path}: ${why.split("\n")[0]} (the file may be corrupt or incomplete: re-export or re-download it)`);
  }
}

/** Checks that a session has the inputs and outputs an engine expects, naming what is missing. */
export function checkSessionIo(session: InferenceSession, path: string, inputs: string[], outputs: string[]): void {
  const missingIn = inputs.filter((n) => !session.inputNames.includes(n));
  const missingOut = outputs.filter((n) => !session.outputNames.includes(n));
  if (missingIn.length || missingOut.length) {
    throw new ModelError(
      `ONNX model ${path} does not have the expected ` +
        [missingIn.length ? `inputs ${missingIn.join(", ")}` : "", missingOut.length ? `outputs ${missingOut.join(", ")}` : ""].filter(Boolean).join(" and ") +
        ` (it has inputs ${session.inputNames.join(", ")}; outputs ${session.outputNames.join(", ")})`,
    );
  }
}
