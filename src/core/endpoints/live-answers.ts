// The answers of a collect run as they arrive, for a live view: one entry per sample, in the
// endpoints' order, with the text so far and whether it is still coming, done or failed.
import type { BlendIssue, Candidate } from "../types";
import type { SampleRef } from "./collect";

export interface LiveAnswer {
  /** Candidate name: the endpoint id, or `id#k` for its k-th sample. */
  name: string;
  state: "waiting" | "retrying" | "streaming" | "done" | "failed";
  text: string;
  error?: string;
  latencyMs?: number;
  /** While retrying: the attempt that failed (1 = first) and why. */
  retry?: { attempt: number; reason: string };
}

/** What a live view reads: it takes a snapshot only when it shows one, not on every change. */
export interface LiveAnswersView {
  snapshot(): LiveAnswer[];
  readonly allFinished: boolean;
}

export class LiveAnswers implements LiveAnswersView {
  private readonly byName = new Map<string, LiveAnswer>();

  constructor(private readonly refs: SampleRef[]) {
    for (const r of refs) this.byName.set(r.candidate, { name: r.candidate, state: "waiting", text: "" });
  }

  /**
   * An attempt of `endpoint` failed and is retried. Retry events name the endpoint, not the
   * sample, so only its samples that have no text yet are marked.
   */
  retrying(endpoint: string, attempt: number, reason: string): void {
    for (const r of this.refs) {
      const a = this.byName.get(r.candidate);
      if (r.endpoint !== endpoint || !a || (a.state !== "waiting" && a.state !== "retrying")) continue;
      a.state = "retrying";
      a.retry = { attempt, reason };
    }
  }

  delta(ref: SampleRef, text: string): void {
    const a = this.byName.get(ref.candidate);
    if (!a || a.state === "done" || a.state === "failed") return;
    a.state = "streaming";
    delete a.retry;
    a.text += text;
  }

  finished(ref: SampleRef, result: { candidate: Candidate } | { error: BlendIssue }): void {
    const a = this.byName.get(ref.candidate);
    if (!a) return;
    delete a.retry;
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
    return [...this.byName.values()].map((a) => ({ ...a, ...(a.retry ? { retry: { ...a.retry } } : {}) }));
  }

  get allFinished(): boolean {
    return [...this.byName.values()].every((a) => a.state === "done" || a.state === "failed");
  }
}
