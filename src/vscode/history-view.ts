// "Recent Blends": the WebviewView in the Answer Blender activity-bar container.
import * as vscode from "vscode";
import { isHistoryToHost, type HistoryToHost, type HostToHistory } from "../protocol";
import type { HistoryStore } from "./history-store";
import { webviewRoot, webviewShell } from "./results-panel";
import { loadWatched, type WatchdogSettings, type WebviewLoadWatchdog } from "./webview-load-watchdog";

export const HISTORY_VIEW_ID = "answerBlender.history";

export class HistoryView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private watchdog: WebviewLoadWatchdog | undefined;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: HistoryStore,
    private readonly onMessage: (m: HistoryToHost) => void,
    private readonly options: WatchdogSettings = {},
  ) {
    this.sub = store.onDidChange(() => this.push());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(this.extensionUri)] };
    this.watchdog?.dispose();
    const watchdog = loadWatched(
      "Recent Blends",
      () => (view.webview.html = webviewShell(view.webview, this.extensionUri, "history", vscode.l10n.t("Recent Blends"))),
      () => view.visible,
      this.options,
    );
    this.watchdog = watchdog;
    view.webview.onDidReceiveMessage((m: unknown) => {
      if (!isHistoryToHost(m)) return;
      if (m.type === "ready") {
        watchdog.loaded();
        this.push();
      }
      this.onMessage(m);
    });
    view.onDidChangeVisibility(() => {
      if (!view.visible) return;
      // A hidden view's webview is torn down and loads again when shown: watch that load too.
      watchdog.loading();
      this.push();
    });
    view.onDidDispose(() => {
      watchdog.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  private push(): void {
    const m: HostToHistory = { type: "history", entries: this.store.entries() };
    if (this.view) void this.view.webview.postMessage(m);
  }

  dispose(): void {
    this.watchdog?.dispose();
    this.sub.dispose();
  }
}
