// Extension entry: wires settings, engines, the results panel, the history view and the
// commands. Activation is cheap: engines (and onnxruntime in the worker) load on first blend.
import * as vscode from "vscode";
import type { BlendRecord, PanelToHost } from "../protocol";
import { isPanelState } from "../protocol";
import { withApiKeys } from "./api-keys";
import { readRemoteToken } from "./remote-token";
import { BlendController } from "./blend-controller";
import { BlendEngines } from "./blend-engines";
import { Commands } from "./commands";
import { RankingModelCommands } from "./ranking-model-commands";
import { EditorTracker } from "./editor-target";
import { HistoryStore } from "./history-store";
import { HISTORY_VIEW_ID, HistoryView } from "./history-view";
import { Reporter } from "./log";
import { PANEL_VIEW_TYPE, ResultsPanel } from "./results-panel";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { openInNewEditor } from "./editor-target";
import { ANSWER_SCHEME, AnswerDocuments, compareAnswers } from "./answer-documents";
import { registerAddEndpoint } from "./add-endpoint";
import { discoverLocalEndpoints } from "./local-servers";
import { ModelCatalogue } from "./model-catalogue";
import { ModelCommands } from "./model-commands";
import { PromptEditor } from "./prompt-input";
import { BlendParticipant } from "./chat-participant";

export interface ExtensionApi {
  controller: BlendController;
  commands: Commands;
  history: HistoryStore;
  panel: ResultsPanel;
  catalogue: ModelCatalogue;
  models: ModelCommands;
  participant: BlendParticipant;
}

let engines: BlendEngines | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel("Answer Blender", { log: true });
  const reporter = new Reporter(log);
  const settings = () => readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
  const history = new HistoryStore(context.workspaceState);
  const tracker = new EditorTracker();
  const catalogue = new ModelCatalogue({
    settings,
    secrets: context.secrets,
    log: (line) => log.info(line),
    discovered: () => discoverLocalEndpoints(() => settings().endpoints),
  });
  engines = new BlendEngines(undefined, (id) => catalogue.chatModel(id));

  const webviewLog = { log: (line: string) => log.warn(line) };
  const panel = new ResultsPanel(context.extensionUri, (m) => onPanelMessage(m), webviewLog);
  const controller = new BlendController({
    engines,
    panel,
    history,
    reporter,
    settings,
    endpoints: (s) => withApiKeys(s.endpoints, context.secrets),
    remoteToken: () => readRemoteToken(context.secrets),
    models: catalogue,
  });
  const prompts = new PromptEditor();
  const models = new ModelCommands({ controller, catalogue, tracker, prompts, reporter, memory: context.globalState, settings });
  const commands = new Commands({ extensionUri: context.extensionUri, controller, tracker, reporter, secrets: context.secrets, settings, models });
  const ctl = controller;
  const participant = new BlendParticipant({ extensionUri: context.extensionUri, controller, catalogue, models, memory: context.globalState, reporter, settings });

  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      await reporter.error(vscode.l10n.t("Answer Blender failed"), e);
    }
  };
  function onPanelMessage(m: PanelToHost): void {
    switch (m.type) {
      case "insert":
        void run(() => commands.insert(m.text, m.mode));
        break;
      case "copy":
        void run(async () => {
          await vscode.env.clipboard.writeText(m.text);
          vscode.window.setStatusBarMessage(vscode.l10n.t("Answer copied"), 3000);
        });
        break;
      case "openInEditor":
        void run(() => openInNewEditor(m.text));
        break;
      case "rerank":
        void controller.rerank(m.blendId, m.plan, m.aggregate);
        break;
      case "cancel":
        controller.cancel();
        break;
      case "showLog":
        log.show(true);
        break;
      case "export":
        void run(() => commands.exportBlend(m.blendId));
        break;
      case "rankWithModel":
        void run(() => models.rankWithModel(m.blendId));
        break;
      case "compare": {
        const record = controller.find(m.blendId);
        if (record) void run(() => compareAnswers(record, m.a, m.b));
        break;
      }
    }
  }

  const historyView = new HistoryView(context.extensionUri, history, (m) => {
    switch (m.type) {
      case "open":
        if (!ctl.open(m.blendId)) void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
        break;
      case "delete":
        void history.delete(m.blendId);
        break;
      case "export":
        void run(() => commands.exportBlend(m.blendId));
        break;
      case "clear":
        void confirmClear(history);
        break;
    }
  }, webviewLog);

  context.subscriptions.push(
    log,
    tracker,
    catalogue,
    prompts,
    panel,
    historyView,
    ...commands.register(),
    participant.register(),
    registerAddEndpoint({ secrets: context.secrets, reporter, onAdded: () => catalogue.invalidate() }),
    ...new RankingModelCommands({ globalStorageUri: context.globalStorageUri, reporter }).register(),
    vscode.window.registerWebviewViewProvider(HISTORY_VIEW_ID, historyView),
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, new AnswerDocuments((id) => controller.find(id))),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        const saved: BlendRecord | null = isPanelState(state) ? state.blend : null;
        // The stored history copy is authoritative (a re-rank may have updated it).
        const record = saved ? (history.get(saved.blendId) ?? saved) : null;
        panel.restore(webviewPanel, record);
      },
    }),
  );
  log.info(`activated in ${Date.now() - started} ms (VS Code ${vscode.version}, ${process.platform}-${process.arch})`);
  return { controller, commands, history, panel, catalogue, models, participant };
}

async function confirmClear(history: HistoryStore): Promise<void> {
  const n = history.list().length;
  if (n === 0) return;
  const clear = vscode.l10n.t("Clear");
  const picked = await vscode.window.showWarningMessage(vscode.l10n.t("Remove all {0} blends from the history?", n), { modal: true }, clear);
  if (picked === clear) await history.clear();
}

export async function deactivate(): Promise<void> {
  await engines?.close();
  engines = undefined;
}
