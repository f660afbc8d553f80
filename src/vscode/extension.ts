// Extension entry: wires settings, the chat-model catalogue, engines, the results panel, the
// Recent Blends tree, the status bar item, the @blend chat participant and the commands.
// Activation is cheap: engines (and onnxruntime in the worker) load on first blend, VS Code's
// chat models are read on first use.
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
import { HISTORY_COMMANDS, HistoryTree } from "./history-tree";
import { BlendStatusBar } from "./blend-status";
import { errorMessage, Reporter } from "./log";
import { openWalkthroughIfAsked } from "./walkthrough";
import { PANEL_VIEW_TYPE, ResultsPanel } from "./results-panel";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { openInNewEditor } from "./editor-target";
import { ANSWER_SCHEME, AnswerDocuments, compareAnswers } from "./answer-documents";
import { openLocation } from "./problems";
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
  historyTree: HistoryTree;
  status: BlendStatusBar;
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
  const status = new BlendStatusBar(HISTORY_COMMANDS.open);
  const controller = new BlendController({
    engines,
    panel,
    history,
    reporter,
    settings,
    endpoints: (s) => withApiKeys(s.endpoints, context.secrets),
    remoteToken: () => readRemoteToken(context.secrets),
    models: catalogue,
    status,
  });
  const prompts = new PromptEditor();
  const models = new ModelCommands({ controller, catalogue, tracker, prompts, reporter, memory: context.globalState, settings });
  const commands = new Commands({ extensionUri: context.extensionUri, controller, tracker, reporter, secrets: context.secrets, settings, models });
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
        reporter.show();
        break;
      case "openFile":
        void run(() => openProblemFile(controller.shown(), m.file, m.line));
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

  const historyTree = new HistoryTree(history, {
    open: (blendId) => controller.open(blendId),
    export: (blendId) => run(() => commands.exportBlend(blendId)),
  });

  context.subscriptions.push(
    log,
    tracker,
    catalogue,
    prompts,
    panel,
    status,
    historyTree,
    ...commands.register(),
    ...historyTree.registerCommands(),
    participant.register(),
    registerAddEndpoint({ secrets: context.secrets, reporter, onAdded: () => catalogue.invalidate() }),
    ...new RankingModelCommands({ globalStorageUri: context.globalStorageUri, reporter }).register(),
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
  void openWalkthroughIfAsked(context).then(
    (opened) => opened && log.info("opened the Get Started walkthrough"),
    (e: unknown) => log.warn(`walkthrough: ${errorMessage(e)}`),
  );
  return { controller, commands, history, panel, historyTree, status, catalogue, models, participant };
}

/** The panel's "Open File" on a problem: only a file that a problem of the shown blend names. */
async function openProblemFile(record: BlendRecord | null, file: string, line: number | undefined): Promise<void> {
  const issue = record?.result.issues.find((i) => i.file === file && (line === undefined || i.line === line));
  if (issue?.file) await openLocation({ file: issue.file, ...(issue.line !== undefined ? { line: issue.line } : {}) });
}

export async function deactivate(): Promise<void> {
  await engines?.close();
  engines = undefined;
}
