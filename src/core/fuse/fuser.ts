import type { Candidate, RunOptions } from "../types";

export interface FuseRequest {
  instruction: string;
  input: string;
  /** The top K candidates, best first. */
  ranked: Candidate[];
}

export interface FuseRunOptions extends RunOptions {
  /** Called with each piece of text as it is produced (streaming fusers). */
  onToken?: (text: string) => void;
}

/** A fuser engine: turns the top K ranked answers into one answer. */
export interface Fuser {
  readonly name: string;
  /** Shown next to the fused text, e.g. "extractive merge". */
  readonly label: string;
  fuse(req: FuseRequest, opts?: FuseRunOptions): Promise<string>;
  dispose?(): Promise<void>;
}
