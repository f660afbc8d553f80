// The command handlers. Each gathers what the user wants (sources, prompt) and hands a
// BlendSource to the controller; nothing here ranks or fuses.
import * as vscode from "vscode";
import { askApiKey, saveApiKey } from "./api-key-prompt";
import { exampleSource, type BlendController } from "./blend-controller";
import { writeIntoEditor, openInNewEditor, type EditorTracker } from "./editor-target";
import type { Reporter } from "./log";
import { chooseExample, exampleFromEditors, loadUris, pickAnswerFiles, pickInputUris, pickSourceKind, sourceLabel } from "./sources";
import type { ModelCommands } from "./model-commands";
import type { ExtensionSettings } from "./settings";
import { remoteTokenItem, setRemoteToken } from "./remote-token";
import type { BlendRecord } from "../protocol";
import { uriToPath } from "./workspace-fs";
import { exportRecord } from "./export-blend";
import { promptLabel } from "./history-tree";
import { STATUS_COMMANDS } from "./blend-status";
import { formatScore } from "../core/numbers";

export interface CommandDeps {
  /** Where the extension is installed (the sample answers ship under dist/samples). */
  extensionUri: vscode.Uri;
  controller: BlendController;
  tracker: EditorTracker;
  reporter: Reporter;
  secrets: vscode.SecretStorage;
  settings(): ExtensionSettings;
  /** Ask Models and the judge/fuser pickers. */
  models: ModelCommands;
}

export const COMMANDS = {
  blend: "answerBlender.blend",
  blendFiles: "answerBlender.blendFiles",
  askEndpoints: "answerBlender.askEndpoints",
  insertFused: "answerBlender.insertFused",
  setApiKey: "answerBlender.setApiKey",
  exportBlend: "answerBlender.exportBlend",
  trySample: "answerBlender.trySample",
  showLog: STATUS_COMMANDS.showLog,
  showResults: STATUS_COMMANDS.showResults,
  cancelBlend: STATUS_COMMANDS.cancel,
  askInChat: "answerBlender.askInChat",
  /** Buttons of an @blend reply (not in the Command Palette): the panel on a blend, another of its answers. */
  showBlend: "answerBlender.showBlend",
  useAnswer: "answerBlender.useAnswer",
} as const;

/** The example shipped with the extension (examples/binary-search, copied by the build). */
export const SAMPLE_FOLDER = "binary-search";

const ready = exampleSource;

/** The text Insert Fused Answer writes: the fused answer, else the top-ranked one. */
export function fusedOrTop(record: BlendRecord): string {
  return record.result.fused?.text ?? record.result.top.text;
}

export class Commands {
  constructor(private readonly d: CommandDeps) {}

  register(): vscode.Disposable[] {
    const wrap = (name: string, f: (...args: never[]) => Promise<unknown>) =>
      vscode.commands.registerCommand(name, async (...args: never[]) => {
        try {
          return await f(...args);
        } catch (e) {
          // Not awaited: the message stays up until dismissed; the command is done.
          void this.d.reporter.error(vscode.l10n.t("Answer Blender failed"), e);
          return undefined;
        }
      });
    return [
      wrap(COMMANDS.blend, () => this.blend()),
      wrap(COMMANDS.blendFiles, (uri?: unknown, uris?: unknown) => this.blendFiles(uri, uris)),
      wrap(COMMANDS.askEndpoints, () => this.askEndpoints()),
      wrap(COMMANDS.insertFused, (blendId?: unknown) => this.insertFused(blendId)),
      wrap(COMMANDS.setApiKey, () => this.setApiKey()),
      wrap(COMMANDS.exportBlend, (blendId?: unknown) => this.exportBlend(blendId)),
      wrap(COMMANDS.trySample, () => this.trySample()),
      wrap(COMMANDS.showLog, async () => this.d.reporter.show()),
      wrap(COMMANDS.showResults, async () => this.showResults()),
      wrap(COMMANDS.cancelBlend, async () => this.d.controller.cancel()),
      wrap(COMMANDS.askInChat, () => this.askInChat()),
      wrap(COMMANDS.showBlend, (blendId?: unknown) => this.showBlend(blendId)),
      wrap(COMMANDS.useAnswer, (blendId?: unknown, from?: unknown) => this.useAnswer(blendId, from)),
      ...this.d.models.register(wrap),
    ];
  }

  /** Blend Answers: pick the source, then the prompt. */
  async blend(): Promise<BlendRecord | undefined> {
    const kind = await pickSourceKind();
    if (!kind) return undefined;
    if (kind === "endpoints") return this.d.models.askModels();
    if (kind === "editors") {
      const example = await exampleFromEditors(this.d.tracker.selectedText(), vscode.window.activeTextEditor?.document);
      return example ? this.d.controller.blend(ready(example, vscode.l10n.t("{0} editors", example.candidates.length))) : undefined;
    }
    const uris = kind === "files" ? await pickAnswerFiles() : await pickInputUris(kind);
    return uris ? this.blendUris(uris) : undefined;
  }

  /** Blend Selected Files (explorer context menu): VS Code passes the clicked item and the whole selection. */
  async blendFiles(uri?: unknown, uris?: unknown): Promise<BlendRecord | undefined> {
    const isUri = (u: unknown): u is vscode.Uri => u instanceof vscode.Uri;
    const selected = Array.isArray(uris) ? uris.filter(isUri) : [];
    const list = selected.length ? selected : isUri(uri) ? [uri] : await pickAnswerFiles();
    return list ? this.blendUris(list) : undefined;
  }

  async blendUris(uris: vscode.Uri[]): Promise<BlendRecord | undefined> {
    const selection = this.d.tracker.selectedText();
    const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Loading answers") }, () => loadUris(uris));
    const what = uris.length === 1 ? vscode.workspace.asRelativePath(uris[0], false) : vscode.l10n.t("{0} files", uris.length);
    const example = await chooseExample(loaded, { selection, what });
    if (!example) return undefined;
    return this.d.controller.blend(ready(example, sourceLabel(uris, example, loaded.examples.length)));
  }

  /** Try a Sample Blend: the four answers shipped with the extension, blended with the current settings, no questions asked. */
  async trySample(): Promise<BlendRecord | undefined> {
    const folder = vscode.Uri.joinPath(this.d.extensionUri, "dist", "samples", SAMPLE_FOLDER);
    const loaded = await loadUris([folder]);
    const example = loaded.examples[0];
    if (!example) throw new Error(vscode.l10n.t("the sample answers are missing from the extension ({0})", uriToPath(folder)));
    return this.d.controller.blend(ready(example, vscode.l10n.t("sample answers")));
  }

  /** The old Ask Endpoints and Blend: now Ask Models, where the endpoints are listed with VS Code's chat models. */
  async askEndpoints(): Promise<BlendRecord | undefined> {
    return this.d.models.askModels();
  }

  /** Insert Fused Answer: of the blend given by id (an @blend reply's Insert), else the latest. */
  async insertFused(blendId?: unknown): Promise<boolean> {
    const record = typeof blendId === "string" ? this.d.controller.find(blendId) : this.d.controller.latest();
    if (!record) {
      if (typeof blendId === "string") void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
      else void vscode.window.showInformationMessage(vscode.l10n.t("No blend yet: run Blend Answers first."));
      return false;
    }
    return this.insert(fusedOrTop(record), "cursor");
  }

  /** Ask @blend in Chat: the Chat view with "@blend " typed, ready for the question. */
  async askInChat(): Promise<void> {
    await vscode.commands.executeCommand("workbench.action.chat.open", { mode: "ask", query: "@blend ", isPartialQuery: true });
  }

  /** An @blend reply's "Show ranking and matrix": the results panel on that blend. */
  async showBlend(blendId?: unknown): Promise<boolean> {
    if (typeof blendId === "string" && this.d.controller.open(blendId)) return true;
    void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
    return false;
  }

  /** An @blend reply's "Use answer #2…": pick one of the blend's answers (from rank `from` on) and insert it. */
  async useAnswer(blendId?: unknown, from?: unknown): Promise<boolean> {
    const record = typeof blendId === "string" ? this.d.controller.find(blendId) : undefined;
    if (!record) {
      void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
      return false;
    }
    const ranking = record.result.rank.ranking;
    const start = typeof from === "number" && Number.isInteger(from) && from >= 1 && from <= ranking.length ? from - 1 : Math.min(1, ranking.length - 1);
    const items = [...ranking.slice(start), ...ranking.slice(0, start)].map((r) => {
      const c = record.result.example.candidates[r.candidate];
      return { label: `#${r.rank} ${c.model}`, description: vscode.l10n.t("score {0}", formatScore(r.score)), detail: c.text.replace(/\s+/g, " ").trim().slice(0, 200), text: c.text };
    });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Insert which answer?"), matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return false;
    return this.insert(picked.text, "cursor");
  }

  /** Writes into the remembered editor; with no editor left, the text opens in a new one. */
  async insert(text: string, mode: "cursor" | "replace"): Promise<boolean> {
    const editor = await this.d.tracker.target();
    if (!editor) {
      await openInNewEditor(text);
      return false;
    }
    const ok = await writeIntoEditor(editor, text, mode);
    if (!ok) throw new Error(vscode.l10n.t("the editor refused the edit (is it read-only?)"));
    return ok;
  }

  async setApiKey(): Promise<boolean> {
    const settings = this.d.settings();
    const ids = settings.endpoints.map((e) => e.id);
    // With a remote inference server configured, its bearer token is one of the choices.
    const remote = settings.remoteInference ? remoteTokenItem(settings.remoteInference.url) : undefined;
    const choices = remote ? [...ids, remote] : ids;
    const id = choices.length
      ? await vscode.window.showQuickPick(choices, { title: vscode.l10n.t("API key for which endpoint?"), ignoreFocusOut: true })
      : await vscode.window.showInputBox({ title: vscode.l10n.t("Endpoint id"), prompt: vscode.l10n.t("No endpoints configured yet: the id of the endpoint this key is for"), ignoreFocusOut: true });
    if (!id) return false;
    if (id === remote) return setRemoteToken(this.d.secrets);
    const key = await askApiKey(id, vscode.l10n.t("Stored in VS Code's secret storage. Leave empty to delete the stored key."));
    if (key === undefined) return false;
    await saveApiKey(this.d.secrets, id, key);
    return true;
  }

  /**
   * Export Blend…: the blend given by id (panel and history buttons), else the one in the panel,
   * else one picked from the history.
   */
  async exportBlend(blendId?: unknown): Promise<vscode.Uri | undefined> {
    const record = typeof blendId === "string" ? this.d.controller.find(blendId) : (this.d.controller.shown() ?? (await this.pickRecent()));
    if (!record) {
      if (typeof blendId === "string") void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
      return undefined;
    }
    if (record.fusing) {
      void vscode.window.showInformationMessage(vscode.l10n.t("The fused answer is still being written: export when the blend is done."));
      return undefined;
    }
    return exportRecord(record);
  }

  private async pickRecent(): Promise<BlendRecord | undefined> {
    const recent = this.d.controller.recent();
    if (recent.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t("No blend yet: run Blend Answers first."));
      return undefined;
    }
    if (recent.length === 1) return recent[0];
    const items = recent.map((record) => ({
      label: promptLabel(record, 100),
      description: `${new Date(record.createdAt).toLocaleString()} · ${record.sourceLabel}`,
      detail: record.result.rank.ranking.map((r) => `${r.rank} ${r.model}`).join(" · "),
      record,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Export which blend?"), matchOnDescription: true, matchOnDetail: true });
    return picked?.record;
  }

  /** Show Last Blend: the results panel, with the blend it shows (or the newest in the history). */
  showResults(): boolean {
    const record = this.d.controller.latest();
    if (record && this.d.controller.open(record.blendId)) return true;
    this.d.controller.reveal();
    return record !== undefined;
  }
}
