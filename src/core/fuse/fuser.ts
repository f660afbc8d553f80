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

/** What the CLI and the reports say when a fuser added nothing (FusedAnswer.unchanged). */
export const NO_ADDITIONS = "no additions — answer #1 as is";

/** A fused text, and which of the ranked answers it holds text of. */
export interface FuseOutput {
  text: string;
  /** Indices into `ranked` of the answers whose text is in `text`; all K when not given. */
  used?: number[];
}

/** A fuser engine: turns the top K ranked answers into one answer. */
export interface Fuser {
  readonly name: string;
  /** Shown next to the fused text, e.g. "extractive merge". */
  readonly label: string;
  /** The fused text (a fuser that reads all K answers may return just the string). */
  fuse(req: FuseRequest, opts?: FuseRunOptions): Promise<string | FuseOutput>;
  dispose?(): Promise<void>;
}
