// The CLI's one place that turns a failure into what the user sees: one line (InputError may
// list the problems it names, one per line), control characters escaped, the exit code of its
// class, and the stack only with --debug.
import { isChatModelError } from "../core/chat/errors";
import { escapeControls } from "../core/display-text";
import { isAbortError } from "../core/errors";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
/** 128 + SIGINT, as shells report an interrupted command. */
export const EXIT_CANCELLED = 130;

export interface Failure {
  code: number;
  /** What to print on stderr (ends with a newline). */
  text: string;
}

const isNamed = (e: unknown, name: string) => e instanceof Error && e.name === name;

/** Text from a server or a file, made one printable line. */
function line(s: string): string {
  return escapeControls(s.replace(/\s*\n\s*/g, " ").trim());
}

export function describeFailure(e: unknown, debug = false): Failure {
  const stack = debug && e instanceof Error && e.stack ? `${e.stack}\n` : "";
  if (isNamed(e, "InputError")) {
    const message = (e as Error).message;
    return { code: EXIT_BAD_INPUT, text: `answer-blender: ${message.split("\n").map(escapeControls).join("\n")}\n${stack}` };
  }
  if (isAbortError(e)) return { code: EXIT_CANCELLED, text: `answer-blender: cancelled\n${stack}` };
  if (isNamed(e, "ModelError")) return { code: EXIT_FAILURE, text: `answer-blender: ${line((e as Error).message)}\n${stack}` };
  // Endpoint and other chat-model failures (judge, llm fuser): their messages name the model and say why.
  if (isChatModelError(e) || isNamed(e, "EndpointError") || isNamed(e, "ChatModelError"))
    return { code: EXIT_FAILURE, text: `answer-blender: ${line((e as Error).message)}\n${stack}` };
  const message = e instanceof Error ? e.message || e.name : String(e);
  const hint = debug ? "" : " (run again with --debug for the stack trace)";
  return { code: EXIT_FAILURE, text: `answer-blender: internal error: ${line(message)}${hint}\n${stack}` };
}

/** Takes `--debug` out of the arguments (anywhere before `--`): it belongs to the CLI, not to a command. */
export function takeDebugFlag(argv: string[]): { argv: string[]; debug: boolean } {
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  const debug = head.includes("--debug");
  return { argv: [...head.filter((a) => a !== "--debug"), ...tail], debug };
}
