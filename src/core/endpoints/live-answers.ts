// The answers of a collect run as they arrive, for a live view: one entry per sample, in the
// endpoints' order, with the text so far and whether it is still coming, done or failed.
import type { BlendIssue, Candidate } from "../types";
import type { SampleRef } from "./collect";

export interface LiveAnswer {
  /** Candidate name: the endpoint id, or `id#k` for its k-th sample. */
  name: string;
  state: "waiting" | "streaming" | "done" | "failed";
  text: string;
  error?: string;
  latencyMs?: number;
}

export class LiveAnswers {
  private readonly byName = new Map<string, LiveAnswer>();

  constructor(refs: SampleRef[]) {
    for (const r of refs) this.byName.set(r.candidate, { name: r.candidate, state: "waiting", text: "" });
  }

  delta(ref: SampleRef, text: string): void {
    const a = this.byName.get(ref.candidate);
    if (!a || a.state === "done" || a.state === "failed") return;
    a.state = "streaming";
    a.text += text;
  }

  finished(ref: SampleRef, result: { candidate: Candidate } | { error: BlendIssue }): void {
    const a = this.byName.get(ref.candidate);
    if (!a) return;
    if ("candidate" in result) {
      a.state = "done";
      a.text = result.candidate.text;
      a.latencyMs = result.candidate.meta?.latencyMs;
    } else {
      a.state = "failed";
      a.error = result.error.message;
    }
  }

  /** A copy, safe to send on. */
  snapshot(): LiveAnswer[] {
    return [...this.byName.values()].map((a) => ({ ...a }));
  }

  get allFinished(): boolean {
    return [...this.byName.values()].every((a) => a.state === "done" || a.state === "failed");
  }
}
