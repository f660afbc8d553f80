// answer-blender collect --prompt TEXT --endpoints FILE [--out FILE] [--input TEXT]
import { writeFileSync } from "node:fs";
import { collect, sampleRefs, type SampleRef } from "../../core/endpoints/collect";
import { loadEndpointsFile } from "../../core/endpoints/config";
import { answerers } from "../../core/chat/roles";
import { InputError } from "../../core/errors";
import { formatBudget } from "../../core/chat/budget";
import { checkKnown, flagNumber, flagString, parseArgs } from "../args";
import type { CliIO, Command } from "../io";
import { oneLine } from "../format";
import { EXIT_CANCELLED } from "../failure";
import { maxAnswerBytes } from "../rank-options";

const FLAGS = ["prompt", "input", "endpoints", "out", "id", "timeout", "concurrency", "retries", "quiet", "dry-run", "max-answer-bytes"] as const;

/** Live per-sample character counts on a terminal, one line per finished sample otherwise. */
class CollectProgress {
  private readonly chars = new Map<string, number>();
  private readonly state = new Map<string, "…" | "✓" | "✗">();
  private lastDraw = 0;

  constructor(
    private readonly io: CliIO,
    names: string[],
    private readonly quiet: boolean,
  ) {
    for (const n of names) {
      this.chars.set(n, 0);
      this.state.set(n, "…");
    }
  }

  delta(ref: SampleRef, text: string): void {
    this.chars.set(ref.candidate, (this.chars.get(ref.candidate) ?? 0) + text.length);
    if (this.io.errIsTTY && Date.now() - this.lastDraw > 100) this.draw();
  }

  finished(ref: SampleRef, line: string, ok: boolean): void {
    this.state.set(ref.candidate, ok ? "✓" : "✗");
    if (this.quiet) return;
    if (this.io.errIsTTY) this.io.err("\r\x1b[2K");
    this.io.err(line + "\n");
    if (this.io.errIsTTY) this.draw();
  }

  private draw(): void {
    if (this.quiet) return;
    this.lastDraw = Date.now();
    const parts = [...this.state].filter(([, s]) => s === "…").map(([n]) => `${oneLine(n)} ${this.chars.get(n)} chars`);
    this.io.err(`\r\x1b[2K${parts.length ? "collect: " + parts.join(" | ") : ""}`);
  }

  end(): void {
    if (this.io.errIsTTY && !this.quiet) this.io.err("\r\x1b[2K");
  }
}

export const collectCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, ["quiet", "dry-run"]);
  checkKnown(p, FLAGS);
  if (p.positional.length) throw new InputError(`collect takes no positional arguments (got "${p.positional[0]}"); use --prompt TEXT`);
  const prompt = flagString(p, "prompt");
  if (!prompt?.trim()) throw new InputError("collect needs --prompt TEXT", undefined, undefined, "prompt");
  const file = flagString(p, "endpoints");
  if (!file) throw new InputError("collect needs --endpoints FILE (a JSON array of endpoints)", undefined, undefined, "endpoints");
  const listed = loadEndpointsFile(file, io.env);
  if (listed.length === 0) throw new InputError("the endpoints file lists no endpoints", file);
  const endpoints = answerers(listed);
  if (endpoints.length === 0) throw new InputError(`no endpoint has the "answer" role (roles)`, file);
  const timeout = flagNumber(p, "timeout", { min: 1 });
  const concurrency = flagNumber(p, "concurrency", { min: 1, integer: true });
  const retries = flagNumber(p, "retries", { min: 0, integer: true });
  const quiet = p.flags.has("quiet");
  const names = sampleRefs(endpoints).map((r) => r.candidate);
  const budget = `requests: ${formatBudget({ answers: names.length, judge: 0, fusion: 0 })}`;
  if (p.flags.has("dry-run")) {
    io.out(budget + "\n");
    return 0;
  }
  if (!quiet) io.err(budget + "\n");
  const progress = new CollectProgress(io, names, quiet);

  // Ctrl-C keeps what arrived: the record is written with the unfinished samples in errors.
  const record = await collect({ prompt, input: flagString(p, "input"), id: flagString(p, "id") }, endpoints, {
    signal: io.signal,
    partialOnAbort: true,
    clientOptions: {
      ...(timeout ? { deadlineMs: timeout * 1000 } : {}),
      ...(retries !== undefined ? { maxRetries: retries } : {}),
      concurrency: concurrency ?? Math.max(4, names.length),
      maxAnswerBytes: maxAnswerBytes(p),
      log: io.env.ANSWER_BLENDER_DEBUG ? (l) => io.err(`debug: ${l}\n`) : undefined,
    },
    onDelta: (ref, t) => progress.delta(ref, t),
    onSample: (ref, r) => {
      if ("candidate" in r) {
        const m = r.candidate.meta ?? {};
        const tokens = m.completionTokens !== undefined ? `, ${m.completionTokens} tokens` : "";
        progress.finished(ref, `✓ ${oneLine(ref.candidate)}: ${r.candidate.text.length} chars in ${m.latencyMs} ms${tokens}, finish ${oneLine(m.finishReason ?? "?")}`, true);
      } else progress.finished(ref, `✗ ${oneLine(ref.candidate)}: ${oneLine(r.error.message)}`, false);
    },
  });
  progress.end();

  const json = JSON.stringify(record) + "\n";
  const out = flagString(p, "out");
  if (out) {
    try {
      writeFileSync(out, json);
    } catch (e) {
      throw new InputError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, out, undefined, "out");
    }
  } else io.out(json);
  const failed = record.errors?.length ?? 0;
  const answers = `${record.candidates.length} answer${record.candidates.length === 1 ? "" : "s"}`;
  if (io.signal.aborted) {
    const stopped = (record.errors ?? []).filter((e) => e.message.startsWith("cancelled")).length;
    io.err(`collect: cancelled: ${answers} kept, ${stopped} cancelled, ${failed - stopped} failed${out ? ` → ${out}` : ""}\n`);
    return EXIT_CANCELLED;
  }
  if (!quiet) io.err(`collect: ${answers}, ${failed} failed${out ? ` → ${out}` : ""}\n`);
  if (record.candidates.length === 0) {
    io.err("answer-blender: no endpoint answered\n");
    return 1;
  }
  return 0;
};
