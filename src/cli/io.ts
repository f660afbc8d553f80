/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** True when stderr is a terminal (progress bars redraw in place). */
  errIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;
