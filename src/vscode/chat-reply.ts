// What an @blend reply streams into the chat: progress lines, the answer (model text, streamed
// as untrusted Markdown), a caption saying who ranked and fused, the compact ranking table with
// the failed models marked, the problems of the blend, and the buttons. Model text and names
// never become trusted Markdown: no command links, no HTML, no theme icons.
import * as vscode from "vscode";
import { inlineMarkdown } from "../core/export/markdown-report";
import { issueReason } from "../core/issues";
import { formatScore } from "../core/numbers";
import type { BlendIssue } from "../core/types";
import type { BlendRecord } from "../protocol";

/** The commands the reply's buttons run, with the blend's id as their first argument. */
export const CHAT_BUTTON_COMMANDS = {
  showBlend: "answerBlender.showBlend",
  insert: "answerBlender.insertFused",
  useAnswer: "answerBlender.useAnswer",
} as const;

/** Markdown that renders `text` as written by a model: untrusted (no command links), no HTML, no $(icons). */
export function untrustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** Whether `text` leaves a fenced code block open (a cut-off answer): what follows would render inside it. */
export function opensFence(text: string): boolean {
  let open: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    const fence = m[1];
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = null;
  }
  return open !== null;
}

/** The failed models of a blend: the issues that name a model or endpoint, with the reason after the model's own id. */
export function failedModels(record: BlendRecord): Array<{ model: string; reason: string }> {
  const out: Array<{ model: string; reason: string }> = [];
  for (const issue of record.result.issues) {
    if (!issue.endpoint) continue;
    out.push({ model: issue.endpoint, reason: issueReason(issue) });
  }
  return out;
}

/** Problems that are not a failed model (the fuser, the judge's unreadable verdicts, skipped files). */
export function otherIssues(record: BlendRecord): BlendIssue[] {
  return record.result.issues.filter((i) => !i.endpoint);
}

function cell(text: string, max = 80): string {
  const one = text.replace(/\s+/g, " ").trim();
  return inlineMarkdown(one.length > max ? one.slice(0, max - 1) + "…" : one);
}

/**
 * The compact ranking: rank, model, score, and a note column marking the models that gave no
 * answer (with why) and the answers the fused one was made from. Every cell is escaped.
 */
export function rankingTable(record: BlendRecord): string {
  const { rank, example, fused } = record.result;
  const sources = new Set(fused?.sources ?? []);
  const rows = rank.ranking.map((r) => {
    const model = example.candidates[r.candidate]?.model ?? r.model;
    const note = sources.has(model) ? vscode.l10n.t("in the fused answer") : "";
    return `| ${r.rank} | ${cell(model)} | ${formatScore(r.score)} | ${cell(note)} |`;
  });
  for (const f of failedModels(record)) rows.push(`| — | ${cell(f.model)} | — | ${cell(vscode.l10n.t("⚠ failed: {0}", f.reason))} |`);
  const head = `| ${vscode.l10n.t("#")} | ${vscode.l10n.t("model")} | ${vscode.l10n.t("score")} | ${vscode.l10n.t("note")} |`;
  return [head, "| ---: | --- | ---: | --- |", ...rows].join("\n");
}

/** Which ranker ranked (and, for the builtin one, what it can judge), for the caption. */
export function rankerText(record: BlendRecord): string {
  const choice = record.rankerChoice;
  const used = choice?.used ?? record.result.rank.ranker;
  if (used === "judge" && choice?.judge) return vscode.l10n.t("the judge model {0}", choice.judge);
  if (used === "builtin") return vscode.l10n.t("the builtin ranker (style and length, not correctness)");
  return vscode.l10n.t("the {0} ranker", used);
}

/** One line under the answer: what it is and who ranked it. */
export function captionText(record: BlendRecord): string {
  const { fused, rank, example } = record.result;
  const n = example.candidates.length;
  const ranked = vscode.l10n.t("ranked by {0}, {1} comparisons", rankerText(record), rank.comparisons);
  if (fused) return vscode.l10n.t("Fused by {0} from the top {1} of {2} answers; {3}.", fused.label, fused.topK, n, ranked);
  return vscode.l10n.t("The top-ranked of {0} answers; {1}.", n, ranked);
}

/** The buttons under a finished reply: the panel on this blend, Insert, and the other answers (when there are any). */
export function replyButtons(record: BlendRecord): vscode.Command[] {
  const buttons: vscode.Command[] = [
    { command: CHAT_BUTTON_COMMANDS.showBlend, title: vscode.l10n.t("Show ranking and matrix"), arguments: [record.blendId] },
    {
      command: CHAT_BUTTON_COMMANDS.insert,
      title: vscode.l10n.t("Insert"),
      tooltip: record.result.fused ? vscode.l10n.t("Insert the fused answer at the cursor") : vscode.l10n.t("Insert the top-ranked answer at the cursor"),
      arguments: [record.blendId],
    },
  ];
  if (record.result.rank.ranking.length > 1) buttons.push({ command: CHAT_BUTTON_COMMANDS.useAnswer, title: vscode.l10n.t("Use answer #2…"), tooltip: vscode.l10n.t("Pick another ranked answer to insert"), arguments: [record.blendId, 2] });
  return buttons;
}

/** Writes one reply: answer text as it streams (closing a fence it leaves open), then the ranking, the problems and the buttons. */
export class ChatReply {
  private shown = "";
  private lastProgress = "";

  constructor(private readonly stream: vscode.ChatResponseStream) {}

  /** A progress line; the same line twice in a row is written once. */
  progress(text: string): void {
    if (text === this.lastProgress) return;
    this.lastProgress = text;
    this.stream.progress(text);
  }

  /** Model text (untrusted), appended to what is shown. */
  answer(text: string): void {
    if (!text) return;
    this.shown += text;
    this.stream.markdown(untrustedMarkdown(text));
  }

  /** Our own Markdown line(s): a paragraph of their own, never inside the model's. */
  note(markdown: string): void {
    this.endAnswer();
    this.stream.markdown(untrustedMarkdown(markdown + "\n\n"));
  }

  /** Everything `text` adds to what was streamed; a text that differs from the stream is not written twice. */
  answerWhole(text: string): void {
    if (text.startsWith(this.shown)) this.answer(text.slice(this.shown.length));
  }

  get streamed(): string {
    return this.shown;
  }

  private endAnswer(): void {
    if (!this.shown) return;
    const close = opensFence(this.shown) ? "\n```" : "";
    this.stream.markdown(untrustedMarkdown(close + "\n\n"));
    this.shown = "";
  }

  /** The answer's heading for a reply without fusion: "#1 · model". */
  topHeading(record: BlendRecord): void {
    const top = record.result.rank.ranking[0];
    this.note(`**${vscode.l10n.t("#1 · {0}", cell(record.result.example.candidates[top.candidate]?.model ?? top.model))}**`);
  }

  /** A button of our own (its command runs in this extension). */
  button(command: vscode.Command): void {
    this.stream.button(command);
  }

  /** A file the reply is about (shown in the reply's references list). */
  reference(value: vscode.Uri | vscode.Location): void {
    this.stream.reference(value);
  }

  /** Caption, table, problems, `notes` (our own Markdown, one paragraph each) and buttons of a finished blend. */
  finish(record: BlendRecord, extra: { partialAnswer?: boolean; notes?: readonly string[] } = {}): void {
    if (extra.partialAnswer) this.note(`*${vscode.l10n.t("⚠ The fusion did not finish: the answer above is cut off.")}*`);
    this.note(`*${cell(captionText(record), 400)}*`);
    this.note(rankingTable(record));
    const issues = otherIssues(record);
    if (issues.length) this.note(issues.map((i) => `- ⚠ ${cell(`${i.where}: ${i.message}`, 300)}`).join("\n"));
    for (const n of extra.notes ?? []) this.note(n);
    for (const b of replyButtons(record)) this.stream.button(b);
  }
}
