import type { ProgressEvent } from "../core/types";
import type { CliIO } from "./io";
import { escapeControls } from "../core/display-text";

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return "--:--";
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return `${m}:${String(sec).padStart(2, "0")}`;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

/**
 * A progress bar with ETA on stderr. On a terminal it redraws one line; otherwise it prints
 * a line at most every 5 seconds. Never writes to stdout, so --json output stays clean.
 */
export class ProgressBar {
  private start = Date.now();
  private lastPrint = 0;
  private drawn = false;
  private printed = false;
  constructor(
    private readonly io: CliIO,
    private readonly label: string,
    private readonly quiet = false,
  ) {}

  /** Restarts the clock (a new phase). */
  reset(): void {
    this.start = Date.now();
    this.printed = false;
  }

  /** `unit` "bytes" shows the counts in MB (progress through a dataset of unknown record count). */
  update(done: number, total: number, note = "", unit: "items" | "bytes" = "items"): void {
    if (this.quiet || total <= 0) return;
    const now = Date.now();
    const final = done >= total;
    // Short runs stay quiet: nothing is drawn during the first second.
    if (now - this.start < 1000 && !this.printed) return;
    if (!this.io.errIsTTY && !final && now - this.lastPrint < 5000) return;
    if (this.io.errIsTTY && !final && now - this.lastPrint < 100) return;
    this.printed = true;
    this.lastPrint = now;
    const frac = Math.min(1, done / total);
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : Infinity;
    const width = 24;
    const fill = Math.round(frac * width);
    const bar = "█".repeat(fill) + "░".repeat(width - fill);
    const counts = unit === "bytes" ? `${mb(done)}/${mb(total)} MB` : `${done}/${total}`;
    const line = `${this.label} ${bar} ${counts} ${(frac * 100).toFixed(0)}% elapsed ${fmtTime(elapsed)} eta ${fmtTime(eta)}${note ? " " + escapeControls(note) : ""}`;
    if (this.io.errIsTTY) {
      this.io.err(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else this.io.err(line + "\n");
  }

  event(e: ProgressEvent): void {
    this.update(e.done, e.total, e.message ?? "");
  }

  finish(): void {
    if (this.drawn) this.io.err("\n");
    this.drawn = false;
  }
}
