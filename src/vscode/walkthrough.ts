// `npm start` opens the Get Started walkthrough when the window starts: it sets
// ANSWER_BLENDER_OPEN_WALKTHROUGH=1 in code-server's environment, which the extension host
// inherits (VS Code itself opens an extension's walkthrough only when the extension is
// installed in a running window, and npm start installs it before). Nowhere else does the
// extension open it unasked.
import * as vscode from "vscode";

export const WALKTHROUGH_ID = "answerBlender.start";
export const OPEN_WALKTHROUGH_ENV = "ANSWER_BLENDER_OPEN_WALKTHROUGH";

export async function openWalkthroughIfAsked(context: Pick<vscode.ExtensionContext, "extension">, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (env[OPEN_WALKTHROUGH_ENV] !== "1") return false;
  await vscode.commands.executeCommand("workbench.action.openWalkthrough", `${context.extension.id}#${WALKTHROUGH_ID}`, false);
  return true;
}
