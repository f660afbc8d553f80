// The bearer token for the remote inference server (answerBlender.remoteInference.url):
// kept in SecretStorage under its own name, set through Set API Key; the environment
// variable the CLI reads is the fallback. Never shown or logged.
import * as vscode from "vscode";
import { DEFAULT_REMOTE_TOKEN_ENV } from "../core/remote/remote-options";
import { askApiKey } from "./api-key-prompt";
import type { SecretReader } from "./api-keys";
import type { EnginePlan } from "./engine-plan";

export const REMOTE_TOKEN_SECRET = "answerBlender.remoteInference.token";

/** The stored token, else $ANSWER_BLENDER_REMOTE_TOKEN; with where it came from, for "rejected" errors. */
export async function readRemoteToken(secrets: SecretReader, env: NodeJS.ProcessEnv = process.env): Promise<{ token: string; source: string } | undefined> {
  const stored = await secrets.get(REMOTE_TOKEN_SECRET);
  if (stored) return { token: stored, source: "VS Code's secret storage (Set API Key)" };
  const fromEnv = env[DEFAULT_REMOTE_TOKEN_ENV];
  return fromEnv ? { token: fromEnv, source: DEFAULT_REMOTE_TOKEN_ENV } : undefined;
}

/** The plan with the token in the ranker's remote options (unchanged when the ranker runs locally or there is no token). */
export async function withRemoteToken(plan: EnginePlan, read: () => Promise<{ token: string; source: string } | undefined>): Promise<EnginePlan> {
  const remote = plan.ranker.options.remote;
  if (!remote) return plan;
  const t = await read();
  if (!t) return plan;
  return { ...plan, ranker: { ...plan.ranker, options: { ...plan.ranker.options, remote: { ...remote, token: t.token, tokenSource: t.source } } } };
}

/** The Set API Key entry for the remote server. */
export function remoteTokenItem(url: string): string {
  return vscode.l10n.t("Remote inference server ({0})", url);
}

/** Asks for the token (password box) and stores it; an empty one deletes the stored token. */
export async function setRemoteToken(secrets: Pick<vscode.SecretStorage, "store" | "delete">): Promise<boolean> {
  const token = await askApiKey(vscode.l10n.t("the remote inference server"), vscode.l10n.t("The bearer token the server expects, stored in VS Code's secret storage. Leave empty to delete the stored token."));
  if (token === undefined) return false;
  if (token) {
    await secrets.store(REMOTE_TOKEN_SECRET, token);
    void vscode.window.showInformationMessage(vscode.l10n.t("Token for the remote inference server stored."));
  } else {
    await secrets.delete(REMOTE_TOKEN_SECRET);
    void vscode.window.showInformationMessage(vscode.l10n.t("Token for the remote inference server deleted."));
  }
  return true;
}
