// Answers as read-only documents (answer-blender:/<blendId>/<candidate>/<model>.md), so that two
// answers of a blend open side by side in VS Code's diff editor from the pairwise matrix.
import * as vscode from "vscode";
import type { BlendRecord } from "../protocol";
import { sigmoid } from "../core/numbers";

export const ANSWER_SCHEME = "answer-blender";

export function answerUri(blendId: string, candidate: number, model: string): vscode.Uri {
  const name = model.replace(/[^\w.#-]+/g, "_") || "answer";
  return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${encodeURIComponent(blendId)}/${candidate}/${name}.md` });
}

export class AnswerDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly find: (blendId: string) => BlendRecord | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [blendId, candidate] = uri.path.split("/").slice(1);
    const record = this.find(decodeURIComponent(blendId ?? ""));
    const answer = record?.result.example.candidates[Number(candidate)];
    return answer ? answer.text : vscode.l10n.t("That blend is no longer in the history.");
  }
}

/** Opens answers `a` and `b` of the blend in the diff editor, titled with P(a beats b) when it was compared. */
export async function compareAnswers(record: BlendRecord, a: number, b: number): Promise<void> {
  const { example, rank } = record.result;
  const left = example.candidates[a];
  const right = example.candidates[b];
  if (!left || !right || a === b) return;
  const logit = rank.matrix[a]?.[b] ?? null;
  const title =
    logit === null
      ? vscode.l10n.t("{0} ↔ {1}", left.model, right.model)
      : vscode.l10n.t("{0} ↔ {1} (P({0} beats {1}) = {2})", left.model, right.model, sigmoid(logit).toFixed(2));
  await vscode.commands.executeCommand("vscode.diff", answerUri(record.blendId, a, left.model), answerUri(record.blendId, b, right.model), title, { preview: true });
}
