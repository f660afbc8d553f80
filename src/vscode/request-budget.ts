// The requests a blend will send to chat models, said before it starts ("4 answers + 6 judge
// calls + 1 fusion" in the progress title and the panel), and confirmed when there are many.
import * as vscode from "vscode";
import { judgeBudget, requestBudget, totalRequests, type RequestBudget } from "../core/chat/budget";
import type { Candidate } from "../core/types";
import type { EnginePlan } from "./engine-plan";

/** More chat-model requests than this in one blend are confirmed first. */
export const CONFIRM_REQUESTS_ABOVE = 30;

export interface ExpectedAnswers {
  /** Answers asked of models now (0 when the answers are already there). */
  answers: number;
  /** Answers the ranker will rank. */
  candidates: number;
  /** Who writes them (the answers, or stand-ins named as they will be): a council asks each author about the others. */
  authors?: readonly Candidate[];
}

/**
 * `canJudge(id)`: whether a council can ask the model that wrote an answer (VS Code's models,
 * endpoints); `fuse: false`: the blend ranks only (no fusion request).
 */
export function planBudget(plan: EnginePlan, expected: ExpectedAnswers, opts: { canJudge?: (id: string) => boolean; fuse?: boolean } = {}): RequestBudget {
  return requestBudget({
    answers: expected.answers,
    candidates: expected.candidates,
    plan: plan.blend.plan,
    topK: plan.blend.topK,
    chatFuser: (opts.fuse ?? true) && plan.fuser.name === "llm",
    ...judgeBudget(plan.ranker.name, plan.ranker.options, expected.authors ?? [], opts.canJudge),
  });
}

/** "4 answers + 6 judge calls + 1 fusion"; empty when no chat model is asked anything. */
export function budgetText(b: RequestBudget): string {
  const parts: string[] = [];
  if (b.answers) parts.push(b.answers === 1 ? vscode.l10n.t("1 answer") : vscode.l10n.t("{0} answers", b.answers));
  if (b.judge) parts.push(b.judge === 1 ? vscode.l10n.t("1 judge call") : vscode.l10n.t("{0} judge calls", b.judge));
  if (b.fusion) parts.push(b.fusion === 1 ? vscode.l10n.t("1 fusion") : vscode.l10n.t("{0} fusions", b.fusion));
  return parts.join(" + ");
}

/** The progress title with the budget after it, when there is one. */
export function titleWithBudget(title: string, b: RequestBudget | null): string {
  const text = b ? budgetText(b) : "";
  return text ? vscode.l10n.t("{0} · {1}", title, text) : title;
}

/** True to go on: small budgets go on at once, large ones after a modal confirmation. */
export async function confirmBudget(b: RequestBudget | null): Promise<boolean> {
  if (!b || totalRequests(b) <= CONFIRM_REQUESTS_ABOVE) return true;
  const go = vscode.l10n.t("Send Requests");
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t("This blend sends {0} requests to chat models ({1}).", totalRequests(b), budgetText(b)),
    { modal: true, detail: vscode.l10n.t("Metered models count each one. A knockout or topk plan needs fewer judge calls than full.") },
    go,
  );
  return picked === go;
}
