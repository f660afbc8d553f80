// The results WebviewPanel (one per window): owns the webview, re-sends the current blend
// whenever the webview (re)loads, and survives a window reload through its serializer.
import * as vscode from "vscode";
import { isPanelToHost, type BlendRecord, type HostToPanel, type PanelToHost } from "../protocol";
import type { ProgressEvent } from "../core/types";
import type { LiveAnswersView } from "../core/endpoints/live-answers";
import { makeNonce, webviewHtml } from "./webview-html";
import { loadWatched, type WatchdogSettings, type WebviewLoadWatchdog } from "./webview-load-watchdog";

export const PANEL_VIEW_TYPE = "answerBlender.results";
/** How often streamed endpoint answers are re-sent to the webview while they arrive. */
const LIVE_POST_MS = 100;

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, "dist", "webview");
}

export function webviewShell(webview: vscode.Webview, extensionUri: vscode.Uri, name: "panel", title: string): string {
  const root = webviewRoot(extensionUri);
  return webviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${name}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${name}.css`)).toString(),
    title,
    view: name,
    lang: vscode.env.language,
    l10n: vscode.l10n.bundle,
  });
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private subs: vscode.Disposable[] = [];
  private ready = false;
  private record: BlendRecord | null = null;
  /** Fused text streamed so far for `record` (re-sent to a webview that reloads mid-stream). */
  private streamed = "";
  private busy: { message?: string } | null = null;
  /** The last failure, until the next blend: a webview that loads late still shows it. */
  private lastError: string | null = null;

  private watchdog: WebviewLoadWatchdog | undefined;
  /** Answers arriving from endpoints (until the blend is shown), and the pending throttled post. */
  private live: LiveAnswersView | null = null;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (m: PanelToHost) => void,
    private readonly options: WatchdogSettings = {},
  ) {}

  get current(): BlendRecord | null {
    return this.record;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel beside the editor (keeping the editor visible for Insert), or reveals it. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t("Answer Blender"),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [webviewRoot(this.extensionUri)] },
    );
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a reload (WebviewPanelSerializer). */
  restore(panel: vscode.WebviewPanel, record: BlendRecord | null): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(this.extensionUri)] };
    this.record = record ? { ...record, fusing: false } : null;
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    // A tab icon is an image, not a themed mask: one drawn for light and one for dark themes.
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, "media", "blender-light.svg"),
      dark: vscode.Uri.joinPath(this.extensionUri, "media", "blender-dark.svg"),
    };
    this.setTitle();
    this.watchdog?.dispose();
    const watchdog = loadWatched(
      "results panel",
      () => (panel.webview.html = webviewShell(panel.webview, this.extensionUri, "panel", vscode.l10n.t("Answer Blender"))),
      () => panel.visible,
      this.options,
    );
    this.watchdog = watchdog;
    this.subs = [
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (!isPanelToHost(m)) return;
        if (m.type === "ready") {
          watchdog.loaded();
          this.onReady();
        }
        this.onMessage(m);
      }),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is torn down; it posts "ready" again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
        else if (!this.ready) watchdog.loading();
      }),
      panel.onDidDispose(() => {
        watchdog.dispose();
        this.subs.forEach((s) => s.dispose());
        this.subs = [];
        this.panel = undefined;
        this.ready = false;
      }),
    ];
  }

  private onReady(): void {
    this.ready = true;
    if (this.record) {
      this.post({ type: "blend", blend: this.record });
      if (this.record.fusing && this.streamed) this.post({ type: "fuseToken", blendId: this.record.blendId, text: this.streamed });
    }
    if (this.lastError) this.post({ type: "error", message: this.lastError });
    if (this.busy) this.post({ type: "busy", busy: true, message: this.busy.message });
    if (this.live) this.post({ type: "collecting", answers: this.live.snapshot() });
  }

  private setTitle(): void {
    if (!this.panel) return;
    const prompt = this.record?.result.example.instruction.trim().split("\n")[0] ?? "";
    this.panel.title = prompt ? vscode.l10n.t("Blend: {0}", prompt.length > 40 ? prompt.slice(0, 39) + "…" : prompt) : vscode.l10n.t("Answer Blender");
  }

  private post(m: HostToPanel): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  /** Streamed answers changed: posted at most every LIVE_POST_MS, and at once when all are finished. */
  collecting(answers: LiveAnswersView): void {
    this.live = answers;
    if (answers.allFinished) this.flushLive();
    else this.liveTimer ??= setTimeout(() => this.flushLive(), LIVE_POST_MS);
  }

  private flushLive(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    if (this.live) this.post({ type: "collecting", answers: this.live.snapshot() });
  }

  private clearLive(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.live = null;
  }

  showRecord(record: BlendRecord): void {
    this.clearLive();
    if (record.blendId !== this.record?.blendId || !record.fusing) this.streamed = "";
    this.record = record;
    this.lastError = null;
    this.setTitle();
    this.post({ type: "blend", blend: record });
  }

  fuseToken(blendId: string, text: string): void {
    if (this.record?.blendId === blendId) this.streamed += text;
    this.post({ type: "fuseToken", blendId, text });
  }

  progress(event: ProgressEvent): void {
    this.post({ type: "progress", event });
  }

  setBusy(busy: boolean, message?: string): void {
    this.busy = busy ? { message } : null;
    if (!busy) this.clearLive();
    if (busy) this.lastError = null;
    this.post({ type: "busy", busy, ...(message ? { message } : {}) });
  }

  error(message: string): void {
    this.lastError = message;
    this.post({ type: "error", message });
  }

  dispose(): void {
    this.clearLive();
    this.watchdog?.dispose();
    this.panel?.dispose();
  }
}
