import type { ProgressEvent } from "../core/types";
import type { CliIO } from "./io";
import { escapeControls } from "../core/display-text";

/** m:ss, or h:mm:ss from an hour on. */
export function fmtTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "--:--";
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

/** The ETA needs this much of the current phase behind it, and at least two progress points. */
const ETA_AFTER_MS = 1000;

/**
 * A progress bar with ETA on stderr. On a terminal it redraws one line; otherwise it prints
 * a line at most every 5 seconds. Never writes to stdout, so --json output stays clean.
 *
 * The ETA is the rate since the phase's first progress point (a phase: a new stage, a new
 * total, or a reset()), shown once a second of it has passed: time spent starting a worker or
 * loading a model is never counted as the work's own rate, which made the first ETA of a
 * 7-second job read hours.
 */
export class ProgressBar {
  private start: number;
  private lastPrint = 0;
  private drawn = false;
  private printed = false;
  private stage: string | undefined;
  /** The first progress point of the phase: the rate is measured from here. */
  private first: { at: number; done: number; total: number } | null = null;

  constructor(
    private readonly io: CliIO,
    private readonly label: string,
    private readonly quiet = false,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  /** Restarts the clock (a new phase). */
  reset(): void {
    this.start = this.now();
    this.printed = false;
    this.first = null;
  }

  /** `unit` "bytes" shows the counts in MB (progress through a dataset of unknown record count). */
  update(done: number, total: number, note = "", unit: "items" | "bytes" = "items"): void {
    if (this.quiet || total <= 0) return;
    const now = this.now();
    // Progress that goes back, or counts toward another total, is another phase's.
    if (this.first === null || done < this.first.done || total !== this.first.total) this.first = { at: now, done, total };
    const final = done >= total;
    // Short runs stay quiet: nothing is drawn during the first second.
    if (now - this.start < 1000 && !this.printed) return;
    if (!this.io.errIsTTY && !final && now - this.lastPrint < 5000) return;
    if (this.io.errIsTTY && !final && now - this.lastPrint < 100) return;
    this.printed = true;
    this.lastPrint = now;
    const frac = Math.min(1, done / total);
    const elapsed = (now - this.start) / 1000;
    const width = 24;
    const fill = Math.round(frac * width);
    const bar = "█".repeat(fill) + "░".repeat(width - fill);
    const counts = unit === "bytes" ? `${mb(done)}/${mb(total)} MB` : `${done}/${total}`;
    const line = `${this.label} ${bar} ${counts} ${(frac * 100).toFixed(0)}% elapsed ${fmtTime(elapsed)} eta ${fmtTime(this.eta(now, done, total))}${note ? " " + escapeControls(note) : ""}`;
    if (this.io.errIsTTY) {
      this.io.err(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else this.io.err(line + "\n");
  }

  /** Seconds left at the rate since the phase's first progress point; unknown (Infinity) until there is enough of it. */
  private eta(now: number, done: number, total: number): number {
    if (done >= total) return 0;
    const f = this.first;
    if (!f || done <= f.done || now - f.at < ETA_AFTER_MS) return Infinity;
    const rate = (done - f.done) / ((now - f.at) / 1000);
    return (total - done) / rate;
  }

  event(e: ProgressEvent): void {
    if (e.stage !== this.stage) {
      this.stage = e.stage;
      this.reset();
    }
    this.update(e.done, e.total, e.message ?? "");
  }

  finish(): void {
    if (this.drawn) this.io.err("\n");
    this.drawn = false;
  }
}
