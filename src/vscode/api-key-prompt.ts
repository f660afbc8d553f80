// The API key dialog of Set API Key, shared with Add Endpoint…: a password box, then the key
// goes into SecretStorage under the endpoint id. The key is never shown or logged.
import * as vscode from "vscode";
import { apiKeySecretName } from "./api-keys";

/** Undefined when cancelled; "" when nothing was typed. */
export async function askApiKey(endpointId: string, prompt: string): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({ title: vscode.l10n.t("API key for {0}", endpointId), prompt, password: true, ignoreFocusOut: true });
  return key === undefined ? undefined : key.trim();
}

/** Stores the key (an empty one deletes the stored key) and says which endpoint it is for. */
export async function saveApiKey(secrets: Pick<vscode.SecretStorage, "store" | "delete">, endpointId: string, key: string): Promise<void> {
  if (key) {
    await secrets.store(apiKeySecretName(endpointId), key);
    void vscode.window.showInformationMessage(vscode.l10n.t("API key for {0} stored.", endpointId));
  } else {
    await secrets.delete(apiKeySecretName(endpointId));
    void vscode.window.showInformationMessage(vscode.l10n.t("API key for {0} deleted.", endpointId));
  }
}
