import { escapeControls } from "../core/display-text";
import { describeFailure, EXIT_BAD_INPUT, EXIT_CANCELLED, EXIT_FAILURE, takeDebugFlag } from "./failure";
import type { CliIO, Command } from "./io";
import { COMMAND_USAGE, USAGE, wantsHelp } from "./usage";

const commands: Record<string, () => Promise<Command>> = {
  rank: async () => (await import("./commands/rank")).rankCommand,
  collect: async () => (await import("./commands/collect")).collectCommand,
  blend: async () => (await import("./commands/blend")).blendCommand,
  eval: async () => (await import("./commands/eval")).evalCommand,
  convert: async () => (await import("./commands/convert")).convertCommand,
  models: async () => (await import("./commands/models")).modelsCommand,
};

/** Registers a subcommand (used by command modules that live beside the core ones), with its --help text. */
export function registerCommand(name: string, load: () => Promise<Command>, usage?: string): void {
  commands[name] = load;
  if (usage) COMMAND_USAGE[name] = usage;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const taken = takeDebugFlag(argv);
  const debug = taken.debug || Boolean(io.env.ANSWER_BLENDER_DEBUG);
  const [name, ...rest] = taken.argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    // `help rank` is `rank --help`.
    const topic = name === "help" ? rest[0] : undefined;
    io.out((topic && COMMAND_USAGE[topic] ? COMMAND_USAGE[topic] : USAGE) + "\n");
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.err(`answer-blender: unknown command "${escapeControls(name)}"\n\n${USAGE}\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.out((COMMAND_USAGE[name] ?? USAGE) + "\n");
    return 0;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    const f = describeFailure(e, debug);
    io.err(f.text);
    return f.code;
  }
}

if (require.main === module) {
  const ac = new AbortController();
  const debug = process.argv.includes("--debug") || Boolean(process.env.ANSWER_BLENDER_DEBUG);
  // The first Ctrl-C cancels (commands write what they have); a second one stops at once.
  process.on("SIGINT", () => {
    if (ac.signal.aborted) process.exit(EXIT_CANCELLED);
    ac.abort();
  });
  // Whatever escapes a command (a failure in a callback, a rejected promise nobody awaited) still ends as one line.
  const fatal = (e: unknown) => {
    const f = describeFailure(e, debug);
    process.stderr.write(f.text);
    process.exit(f.code === EXIT_BAD_INPUT || f.code === EXIT_CANCELLED ? f.code : EXIT_FAILURE);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  const io: CliIO = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    errIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    signal: ac.signal,
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  }, fatal);
}
