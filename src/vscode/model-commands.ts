// The chat-model commands: Ask Models and Blend (answers from VS Code's chat models, endpoints
// and local servers), Choose Judge Model…, Choose Fuser Model…, and the panel's "Rank with a
// chat model…". Settings are written to the user settings only.
import * as vscode from "vscode";
import type { BlendRecord } from "../protocol";
import type { BlendController } from "./blend-controller";
import type { EditorTracker } from "./editor-target";
import type { Reporter } from "./log";
import type { CatalogueEntry, ModelCatalogue } from "./model-catalogue";
import { defaultAggregate } from "../core/registry";
import { answeringEntries, COUNCIL_CHOICE, pickAnswerers, pickRoleModel } from "./model-picker";
import { modelSource } from "./model-source";
import { askMultilinePrompt, type PromptEditor } from "./prompt-input";
import { AUTO_RANKER, usesChatJudge } from "./ranker-choice";
import { SETTINGS_SECTION, type ExtensionSettings } from "./settings";

export const MODEL_COMMANDS = {
  askModels: "answerBlender.askModels",
  chooseJudgeModel: "answerBlender.chooseJudgeModel",
  chooseFuserModel: "answerBlender.chooseFuserModel",
} as const;

export interface ModelCommandDeps {
  controller: BlendController;
  catalogue: ModelCatalogue;
  tracker: EditorTracker;
  prompts: PromptEditor;
  reporter: Reporter;
  /** Where the picked answerers are remembered (globalState). */
  memory: vscode.Memento;
  settings(): ExtensionSettings;
}

async function writeUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

export class ModelCommands {
  constructor(private readonly d: ModelCommandDeps) {}

  register(wrap: (name: string, f: (...args: never[]) => Promise<unknown>) => vscode.Disposable): vscode.Disposable[] {
    return [
      wrap(MODEL_COMMANDS.askModels, () => this.askModels()),
      wrap(MODEL_COMMANDS.chooseJudgeModel, () => this.chooseJudgeModel()),
      wrap(MODEL_COMMANDS.chooseFuserModel, () => this.chooseFuserModel()),
    ];
  }

  /** The catalogue's models, read when needed; a bad endpoints setting is said once here. */
  async entries(): Promise<CatalogueEntry[]> {
    const settings = this.d.settings();
    await this.d.catalogue.ensure();
    if (settings.endpointsError) {
      this.d.reporter.log.warn(settings.endpointsError);
      void vscode.window.showWarningMessage(vscode.l10n.t("The endpoints setting is invalid and was skipped: {0}", settings.endpointsError));
    }
    return this.d.catalogue.entries(settings);
  }

  /**
   * Pick the answering models (multi-select, remembered for Ask Models and @blend). Undefined
   * when cancelled or when there is no model to ask (said in a warning).
   */
  async chooseAnswerModels(): Promise<CatalogueEntry[] | undefined> {
    const settings = this.d.settings();
    const entries = await this.entries();
    if (answeringEntries(entries, settings).length === 0) {
      const open = vscode.l10n.t("Open Settings");
      const picked = await vscode.window.showWarningMessage(
        vscode.l10n.t("No chat models to ask: VS Code offers none (an extension such as GitHub Copilot provides them) and the user setting answerBlender.endpoints has no answering endpoint."),
        open,
      );
      if (picked === open) await vscode.commands.executeCommand("workbench.action.openSettings", "answerBlender.endpoints");
      return undefined;
    }
    return pickAnswerers(entries, settings, this.d.memory);
  }

  /** Ask Models and Blend: pick the answering models, then the prompt; the answers stream into the panel. */
  async askModels(): Promise<BlendRecord | undefined> {
    const picked = await this.chooseAnswerModels();
    if (!picked || picked.length === 0) return undefined;
    const prompt = await askMultilinePrompt(this.d.tracker, this.d.prompts);
    if (prompt === undefined || !prompt.trim()) return undefined;
    return this.d.controller.blend(modelSource(prompt, picked, this.d.catalogue, { log: (line) => this.d.reporter.log.info(line) }));
  }

  /**
   * Choose Judge Model…: written to answerBlender.judgeModel, or the council ranker. Resolves to
   * the id, COUNCIL_CHOICE, "" for none, undefined when cancelled.
   */
  async chooseJudgeModel(): Promise<string | undefined> {
    const settings = this.d.settings();
    await this.d.catalogue.ensure();
    const id = await pickRoleModel("judge", this.d.catalogue.entries(settings), settings.ranker === "council" ? "" : settings.judgeModel, { councilCurrent: settings.ranker === "council" });
    if (id === undefined) return undefined;
    if (id === COUNCIL_CHOICE) {
      await writeUserSetting("ranker", "council");
      vscode.window.setStatusBarMessage(vscode.l10n.t("Ranker: council, the answering models rank each other"), 5000);
      return id;
    }
    // A model (or none) after the council: the judge model decides again.
    if (settings.ranker === "council") await writeUserSetting("ranker", AUTO_RANKER);
    await writeUserSetting("judgeModel", id || undefined);
    // "No judge" also clears the older setting, which would otherwise still name one.
    if (!id && settings.judgeEndpoint) await writeUserSetting("judgeEndpoint", undefined);
    if (!id) {
      vscode.window.setStatusBarMessage(vscode.l10n.t("No judge model: blends are ranked with the builtin ranker"), 5000);
      return id;
    }
    if (settings.ranker === AUTO_RANKER || settings.ranker === "council" || usesChatJudge(settings.ranker)) {
      vscode.window.setStatusBarMessage(vscode.l10n.t("Judge model: {0}", id), 5000);
      return id;
    }
    const useAuto = vscode.l10n.t("Use auto");
    void vscode.window
      .showInformationMessage(vscode.l10n.t("Judge model set to {0}. The ranker setting is {1}: blends use the judge model when it is auto.", id, settings.ranker), useAuto)
      .then((picked) => (picked === useAuto ? writeUserSetting("ranker", AUTO_RANKER) : undefined));
    return id;
  }

  /** Choose Fuser Model…: written to answerBlender.fuserModel; a model turns the llm fuser on, none turns it off. */
  async chooseFuserModel(): Promise<string | undefined> {
    const settings = this.d.settings();
    await this.d.catalogue.ensure();
    const id = await pickRoleModel("fuse", this.d.catalogue.entries(settings), settings.fuserModel);
    if (id === undefined) return undefined;
    await writeUserSetting("fuserModel", id || undefined);
    if (id) {
      if (settings.fuser !== "llm") await writeUserSetting("fuser", "llm");
      vscode.window.setStatusBarMessage(vscode.l10n.t("Fuser model: {0}", id), 5000);
    } else {
      if (settings.fuserEndpoint) await writeUserSetting("fuserEndpoint", undefined);
      if (settings.fuser === "llm") await writeUserSetting("fuser", undefined);
      vscode.window.setStatusBarMessage(vscode.l10n.t("No fuser model: answers are fused with the extractive merge"), 5000);
    }
    return id;
  }

  /** The panel's "Rank with a chat model…": pick the judge, then rank the same answers again with it. */
  async rankWithModel(blendId: string): Promise<BlendRecord | undefined> {
    const record = this.d.controller.find(blendId);
    if (!record) {
      void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
      return undefined;
    }
    const id = await this.chooseJudgeModel();
    if (!id) return undefined;
    if (id === COUNCIL_CHOICE) return this.d.controller.rerank(blendId, undefined, defaultAggregate("council"), "council");
    return this.d.controller.rerank(blendId, undefined, record.result.rank.aggregate, "judge");
  }
}
