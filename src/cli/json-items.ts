import type { CliIO } from "./io";

/**
 * Writes `{"items":[…],<tail>}` one item at a time, so a batch of any size never sits in memory.
 * Nothing is written before the first item. If the run fails after that, `abort` still closes
 * the document (marked `"incomplete": true`), so stdout stays valid JSON.
 */
export class JsonItemsWriter {
  private count = 0;
  private buffer = "";
  constructor(private readonly io: CliIO) {}

  item(value: unknown): void {
    this.buffer += (this.count++ === 0 ? '{"items":[' : ",") + JSON.stringify(value);
    // Items go out in pieces of about 64 KB: one write per item is a system call per record.
    if (this.buffer.length >= 65_536) this.flush();
  }

  private flush(): void {
    if (this.buffer) this.io.out(this.buffer);
    this.buffer = "";
  }

  close(tail: Record<string, unknown>): void {
    const rest = JSON.stringify(tail).slice(1); // `"issues":[…],…}` (or `}`)
    this.buffer += (this.count === 0 ? '{"items":[' : "") + "]" + (rest === "}" ? "}" : "," + rest) + "\n";
    this.flush();
  }

  abort(tail: Record<string, unknown>): void {
    if (this.count > 0) this.close({ ...tail, incomplete: true });
  }
}
