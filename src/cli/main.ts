import { InputError, ModelError, isAbortError } from "../core/errors";
import type { CliIO, Command } from "./io";

const USAGE = `answer-blender — rank and fuse LLM answers (LLM-Blender in your editor and terminal)

Usage:
  answer-blender rank    <input…> [--ranker builtin|pairrm|judge|length|random] [--model DIR|HUB_ID]
                         [--plan full|bubble|knockout|topk] [--aggregate max-logits|max-wins|copeland|bradley-terry]
                         [--seed N] [--top-k K] [--dtype fp32|int8] [--threads N] [--batch-size N]
                         [--endpoints FILE --judge-endpoint ID] [--prompt TEXT] [--offline] [--verbose] [--json]
                         [--remote URL --remote-model NAME [--remote-concurrency N] [--remote-timeout S] [--remote-token-env VAR]]
  answer-blender blend   <input…> [rank options] [--fuser extractive|genfuser|llm|none] [--fuser-model DIR|HUB_ID]
                         [--fuser-dtype fp32|int8] [--fuser-endpoint ID] [--num-beams N] [--max-new-tokens N] [--top-k K] [--json|--markdown]
  answer-blender eval    <dataset> [rank options] [--baseline RANKER] [--tie-margin X] [--limit N] [--json]
  answer-blender collect --prompt TEXT --endpoints FILE [--out FILE]
  answer-blender convert alpaca-eval|autoj|vicuna-bench [--data DIR] [--out FILE] [options]
  answer-blender models  list | pull ID | export-triton --model DIR --out REPO

<input> is a blend-set JSON/JSONL file, a MixInstruct JSON/JSONL file, a folder of answer
files, several answer files, or one Markdown file with a "## <model>" section per answer.
--remote runs pairrm/reward on an Open Inference Protocol server (Triton, KServe; docs/remote.md);
the bearer token is read from $ANSWER_BLENDER_REMOTE_TOKEN or the variable --remote-token-env names.
Exit codes: 0 ok, 2 bad input, 1 other failure.`;

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
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE + "\n");
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.err(`answer-blender: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof InputError || (e instanceof Error && e.name === "InputError")) {
      io.err(`answer-blender: ${e.message}\n`);
      return 2;
    }
    if (isAbortError(e)) {
      io.err("answer-blender: cancelled\n");
      return 130;
    }
    if (e instanceof ModelError || (e instanceof Error && e.name === "ModelError")) {
      io.err(`answer-blender: ${e.message}\n`);
      return 1;
    }
    io.err(`answer-blender: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  const ac = new AbortController();
  process.on("SIGINT", () => ac.abort());
  const io: CliIO = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    errIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    signal: ac.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(String(e) + "\n");
      process.exitCode = 1;
    },
  );
}
