// Typed messages between the extension host and the results panel webview.
// Imported by both sides; every message received is checked with the guards below.
import type { AggregatorName, BlendResult, PlanName, ProgressEvent } from "./core/types";
import type { LiveAnswer } from "./core/endpoints/live-answers";

/** Which ranker ranked a blend, and why (the `auto` setting picks the judge model or the builtin ranker). */
export interface RankerChoice {
  /** The ranker setting (or the re-rank's choice): "auto", "builtin", "judge", … */
  setting: string;
  /** The ranker that ranked. */
  used: string;
  /** The judge chat model's id, when one was chosen. */
  judge?: string;
  /** Why `auto` used the builtin ranker: no judge model chosen, or the chosen one is not available. */
  fallback?: "no-judge" | "unavailable";
}

/** A finished (or partial) blend as the webview shows it. */
export interface BlendRecord {
  blendId: string;
  /** ISO time. */
  createdAt: string;
  result: BlendResult;
  /** Where the candidates came from, for the title ("4 files", "3 endpoints"). */
  sourceLabel: string;
  /**
   * True while the fused answer is still being generated: the ranking is final, `result.fused`
   * is null and `fuseToken` messages (text deltas, to append) follow until a final `blend`.
   */
  fusing?: boolean;
  /** How the ranker was chosen (absent in blends made before there was a choice). */
  rankerChoice?: RankerChoice;
  /** How the panel names each answer's file (workspace-relative, or the file name), keyed by `meta.file`. */
  fileLabels?: Record<string, string>;
}

/** What the results panel stores with setState; the host's serializer restores the panel from it after a reload. */
export interface PanelState {
  blend: BlendRecord | null;
}

export type HostToPanel =
  | { type: "blend"; blend: BlendRecord }
  | { type: "progress"; event: ProgressEvent }
  | { type: "fuseToken"; blendId: string; text: string }
  /** The answers of the endpoints being asked, text so far; replaced by the next one, cleared by a blend. */
  | { type: "collecting"; answers: LiveAnswer[] }
  | { type: "busy"; busy: boolean; message?: string }
  | { type: "error"; message: string };

export type InsertMode = "cursor" | "replace";

export type PanelToHost =
  | { type: "ready" }
  | { type: "insert"; text: string; mode: InsertMode }
  | { type: "copy"; text: string }
  | { type: "openInEditor"; text: string }
  | { type: "rerank"; blendId: string; plan: PlanName; aggregate: AggregatorName }
  | { type: "cancel" }
  | { type: "showLog" }
  | { type: "export"; blendId: string }
  /** Open answers `a` and `b` (candidate indices) side by side in the diff editor. */
  | { type: "compare"; blendId: string; a: number; b: number }
  /** "Rank with a chat model…": pick the judge model, then rank the blend's answers again with it. */
  | { type: "rankWithModel"; blendId: string }
  /** Open the file a problem of the shown blend names, at its line (the host opens only such files). */
  | { type: "openFile"; file: string; line?: number };

const PLANS: readonly string[] = ["full", "bubble", "knockout", "topk"];
const AGGREGATORS: readonly string[] = ["max-logits", "max-wins", "copeland", "bradley-terry"];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}
const str = (o: Record<string, unknown>, k: string) => typeof o[k] === "string";

export function isPanelToHost(x: unknown): x is PanelToHost {
  if (!isObj(x) || typeof x.type !== "string") return false;
  switch (x.type) {
    case "ready":
    case "cancel":
    case "showLog":
      return true;
    case "insert":
      return str(x, "text") && (x.mode === "cursor" || x.mode === "replace");
    case "copy":
    case "openInEditor":
      return str(x, "text");
    case "export":
    case "rankWithModel":
      return str(x, "blendId");
    case "compare":
      return str(x, "blendId") && Number.isInteger(x.a) && Number.isInteger(x.b);
    case "openFile":
      return str(x, "file") && (x.line === undefined || Number.isInteger(x.line));
    case "rerank":
      return str(x, "blendId") && PLANS.includes(x.plan as string) && AGGREGATORS.includes(x.aggregate as string);
    default:
      return false;
  }
}

export function isHostToPanel(x: unknown): x is HostToPanel {
  if (!isObj(x) || typeof x.type !== "string") return false;
  switch (x.type) {
    case "blend":
      return isObj(x.blend) && str(x.blend, "blendId") && isObj(x.blend.result);
    case "progress":
      return isObj(x.event) && typeof x.event.done === "number" && typeof x.event.total === "number";
    case "fuseToken":
      return str(x, "blendId") && str(x, "text");
    case "collecting":
      return Array.isArray(x.answers) && x.answers.every((a) => isObj(a) && str(a, "name") && str(a, "text") && str(a, "state"));
    case "busy":
      return typeof x.busy === "boolean";
    case "error":
      return str(x, "message");
    default:
      return false;
  }
}

export function isPanelState(x: unknown): x is PanelState {
  if (!isObj(x)) return false;
  const b = x.blend;
  return b === null || (isObj(b) && str(b, "blendId") && str(b, "createdAt") && isObj(b.result));
}
