// The extension activated against the fake VS Code over a temp workspace of answer files,
// with the offline engines that need no model (length ranker, none fuser).
import * as vscode from "./fake-vscode";
import { tempTree } from "./tmp";
import { activate, deactivate, type ExtensionApi } from "../../src/vscode/extension";

export interface ExtensionSession {
  tree: ReturnType<typeof tempTree>;
  ctx: ReturnType<typeof vscode.fakeContext>;
  api: ExtensionApi;
}

/** `extensionPath`: where the extension is "installed" (the repository, for the built dist/ assets). */
export function startExtensionSession(files: Record<string, string>, extensionPath = "/ext"): ExtensionSession {
  vscode.resetFake();
  const tree = tempTree(files);
  vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file(tree.dir), name: "ws", index: 0 }];
  vscode.settings.global.set("ranker", "length");
  vscode.settings.global.set("fuser", "none");
  const ctx = vscode.fakeContext(extensionPath);
  return { tree, ctx, api: activate(ctx as never) };
}

export async function stopExtensionSession(s: Pick<ExtensionSession, "tree" | "ctx">): Promise<void> {
  s.ctx.subscriptions.forEach((d) => d.dispose());
  await deactivate();
  s.tree.cleanup();
}
