// What the results panel shows, and the part of it kept in VS Code's webview state so that a
// hidden panel comes back as it was.
import type { BlendRecord, PanelState as HostVisibleState } from "../../src/protocol";
import type { AggregatorName, PlanName, ProgressEvent } from "../../src/core/types";
import type { LiveAnswer } from "../../src/core/endpoints/live-answers";

export interface Streaming {
  blendId: string;
  text: string;
}

/**
 * Stored with setState (plain JSON). Extends the protocol's PanelState: the host's panel
 * serializer reads `blend` from it to restore the panel after a window reload.
 */
export interface SavedPanelState extends HostVisibleState {
  version: 1;
  blend: BlendRecord | null;
  /** Candidate indices whose cards are collapsed. */
  collapsed: number[];
  /** Candidate indices whose cards show the diff against the top answer. */
  diffs: number[];
  /** The fused answer is shown as a diff against the top answer. */
  fusedDiff: boolean;
  streaming: Streaming | null;
  plan: PlanName | null;
  aggregate: AggregatorName | null;
}

export interface PanelState extends SavedPanelState {
  /** Endpoint answers streaming in (not saved: the host re-sends them to a reloaded webview). */
  collecting: LiveAnswer[] | null;
  busy: boolean;
  busyMessage: string | null;
  progress: ProgressEvent | null;
  error: string | null;
}

export function initialState(saved: SavedPanelState | undefined): PanelState {
  return {
    version: 1,
    blend: saved?.blend ?? null,
    collapsed: saved?.collapsed ?? [],
    diffs: saved?.diffs ?? [],
    fusedDiff: saved?.fusedDiff ?? false,
    streaming: saved?.streaming ?? null,
    plan: saved?.plan ?? null,
    aggregate: saved?.aggregate ?? null,
    collecting: null,
    busy: false,
    busyMessage: null,
    progress: null,
    error: null,
  };
}

/** Busy/progress/error are not saved: after a restore the host resends them if still true. */
export function toSaved(s: PanelState): SavedPanelState {
  return {
    version: 1,
    blend: s.blend,
    collapsed: s.collapsed,
    diffs: s.diffs,
    fusedDiff: s.fusedDiff,
    streaming: s.streaming,
    plan: s.plan,
    aggregate: s.aggregate,
  };
}

const numbers = (x: unknown): number[] => (Array.isArray(x) ? x.filter((n): n is number => Number.isInteger(n)) : []);

export function readSavedState(raw: unknown): SavedPanelState | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (r.version !== 1) return undefined;
  const blend = r.blend as BlendRecord | null;
  const validBlend = blend && typeof blend === "object" && typeof blend.blendId === "string" && typeof blend.result === "object";
  const streaming = r.streaming as Streaming | null;
  return {
    version: 1,
    blend: validBlend ? blend : null,
    collapsed: numbers(r.collapsed),
    diffs: numbers(r.diffs),
    fusedDiff: r.fusedDiff === true,
    streaming: streaming && typeof streaming.blendId === "string" && typeof streaming.text === "string" ? streaming : null,
    plan: (typeof r.plan === "string" ? r.plan : null) as PlanName | null,
    aggregate: (typeof r.aggregate === "string" ? r.aggregate : null) as AggregatorName | null,
  };
}
