import { escapeControls } from "../core/display-text";
import { describeFailure, EXIT_BAD_INPUT, EXIT_CANCELLED, EXIT_FAILURE, takeDebugFlag } from "./failure";
import type { CliIO, Command } from "./io";

const USAGE = `answer-blender — rank and fuse LLM answers (LLM-Blender in your editor and terminal)

Usage:
  answer-blender rank    <input…> [--ranker builtin|pairrm|judge|length|random] [--model DIR|HUB_ID]
                         [--plan full|bubble|knockout|topk] [--aggregate max-logits|max-wins|copeland|bradley-terry]
                         [--seed N] [--top-k K] [--dtype fp32|int8] [--threads N] [--batch-size N]
                         [--endpoints FILE --judge-endpoint ID] [--prompt TEXT] [--offline] [--verbose] [--json]
  answer-blender blend   <input…> [rank options] [--fuser extractive|genfuser|llm|none] [--fuser-model DIR|HUB_ID]
                         [--fuser-dtype fp32|int8] [--fuser-endpoint ID] [--num-beams N] [--max-new-tokens N] [--top-k K] [--json|--markdown]
  answer-blender eval    <dataset> [rank options] [--baseline RANKER] [--tie-margin X] [--limit N] [--json]
  answer-blender collect --prompt TEXT --endpoints FILE [--out FILE]
  answer-blender convert alpaca-eval|autoj|vicuna-bench [--data DIR] [--out FILE] [options]
  answer-blender models  list | pull ID

<input> is a blend-set JSON/JSONL file, a MixInstruct JSON/JSONL file, a folder of answer
files, several answer files, or one Markdown file with a "## <model>" section per answer.
--debug (any command) prints the stack trace of a failure.
Exit codes: 0 ok, 2 bad input, 1 other failure, 130 cancelled.`;

const commands: Record<string, () => Promise<Command>> = {
  rank: async () => (await import("./commands/rank")).rankCommand,
  collect: async () => (await import("./commands/collect")).collectCommand,
  blend: async () => (await import("./commands/blend")).blendCommand,
  eval: async () => (await import("./commands/eval")).evalCommand,
  convert: async () => (await import("./commands/convert")).convertCommand,
  models: async () => (await import("./commands/models")).modelsCommand,
};

/** Registers a subcommand (used by command modules that live beside the core ones). */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  commands[name] = load;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const taken = takeDebugFlag(argv);
  const debug = taken.debug || Boolean(io.env.ANSWER_BLENDER_DEBUG);
  const [name, ...rest] = taken.argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE + "\n");
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.err(`answer-blender: unknown command "${escapeControls(name)}"\n\n${USAGE}\n`);
    return 2;
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
