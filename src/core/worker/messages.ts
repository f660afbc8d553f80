import type { EngineOptions } from "../engine-options";
import type { FuseRequest } from "../fuse/fuser";
import type { BlendIssue, PairInput, ProgressEvent } from "../types";

/** Host → inference worker. `id` names the request; `handle` an engine created earlier. */
export type ToWorker =
  | { kind: "create-ranker"; id: number; name: string; options: EngineOptions }
  | { kind: "create-fuser"; id: number; name: string; options: EngineOptions }
  | { kind: "score"; id: number; handle: number; pairs: PairInput[] }
  | { kind: "fuse"; id: number; handle: number; request: FuseRequest }
  | { kind: "dispose"; id: number; handle: number }
  | { kind: "abort"; id: number };

export interface WireError {
  name: string;
  message: string;
}

/** Inference worker → host. */
export type FromWorker =
  | { kind: "created"; id: number; handle: number; engine: string; modelId: string; label: string; issues?: BlendIssue[] }
  | { kind: "result"; id: number; logits?: number[]; text?: string; used?: number[]; issues?: BlendIssue[] }
  | { kind: "error"; id: number; error: WireError }
  | { kind: "progress"; id: number; event: ProgressEvent }
  | { kind: "token"; id: number; text: string };
