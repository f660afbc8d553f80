// "Download a Ranking Model…" and "Use a Local Model Folder…": get a model onto this machine
// (into the extension's global storage, with progress and cancel) or point at one, then
// switch the ranker (or fuser) setting to it.
import * as vscode from "vscode";
import { join } from "node:path";
import { isAbortError } from "../core/errors";
import { formatBytes, RANKING_MODELS, settingsFor, type CatalogModel, type ModelEngine } from "../core/models/catalog";
import { hubBaseUrl, pullModel } from "../core/models/hub";
import { inspectModelFolder } from "../core/models/model-folder";
import type { Reporter } from "./log";
import { SETTINGS_SECTION } from "./settings";
import { uriToPath } from "./workspace-fs";

export const RANKING_MODEL_COMMANDS = {
  download: "answerBlender.downloadModel",
  useLocal: "answerBlender.useLocalModel",
} as const;

export interface RankingModelCommandDeps {
  /** context.globalStorageUri: downloads go to <it>/models/<owner>/<name>. */
  globalStorageUri: vscode.Uri;
  reporter: Reporter;
  /** The models offered; the recommended list by default. */
  catalog?: readonly CatalogModel[];
}

function engineLabel(engine: ModelEngine): string {
  switch (engine) {
    case "reward":
      return vscode.l10n.t("reward model (ranker)");
    case "pairrm":
      return vscode.l10n.t("pairwise ranker");
    case "genfuser":
      return vscode.l10n.t("fuser");
  }
}

function sizeText(m: CatalogModel): string {
  return m.sizes.int8 ? vscode.l10n.t("{0} (int8 {1})", formatBytes(m.sizes.fp32), formatBytes(m.sizes.int8)) : formatBytes(m.sizes.fp32);
}

function benchText(m: CatalogModel): string {
  const rb = m.rewardBench;
  if (!rb) return "";
  const parts = [rb.v1 !== undefined ? `v1 ${rb.v1}` : "", rb.v2 !== undefined ? `v2 ${rb.v2}` : ""].filter(Boolean).join(", ");
  return vscode.l10n.t("RewardBench {0}", parts);
}

interface ModelPick extends vscode.QuickPickItem {
  model: CatalogModel;
}

export class RankingModelCommands {
  constructor(private readonly d: RankingModelCommandDeps) {}

  register(): vscode.Disposable[] {
    const wrap = (name: string, f: () => Promise<unknown>) =>
      vscode.commands.registerCommand(name, async () => {
        try {
          return await f();
        } catch (e) {
          void this.d.reporter.error(vscode.l10n.t("Answer Blender failed"), e);
          return undefined;
        }
      });
    return [wrap(RANKING_MODEL_COMMANDS.download, () => this.download()), wrap(RANKING_MODEL_COMMANDS.useLocal, () => this.useLocalFolder())];
  }

  /** The folder models are downloaded into. */
  get modelsDir(): string {
    return join(uriToPath(this.d.globalStorageUri), "models");
  }

  /** Returns the downloaded folder, or undefined when nothing was downloaded (dismissed, export needed, cancelled). */
  async download(): Promise<string | undefined> {
    const items: ModelPick[] = (this.d.catalog ?? RANKING_MODELS).map((m) => ({
      label: m.name,
      description: [engineLabel(m.engine), m.params, sizeText(m)].join(" · "),
      detail: [
        vscode.l10n.t("License: {0}", m.license),
        vscode.l10n.t("Source: {0}", m.source),
        benchText(m),
        m.onnxRepo ? vscode.l10n.t("ONNX download: {0}", m.onnxRepo) : vscode.l10n.t("No ready ONNX download: shows the export command"),
      ]
        .filter(Boolean)
        .join(" · "),
      model: m,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Download a Ranking Model"), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    const m = picked.model;
    if (!m.onnxRepo) {
      await this.showExportCommand(m);
      return undefined;
    }
    const go = vscode.l10n.t("Download");
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t("Download {0} ({1}, license {2}) from {3} into the extension's storage?", m.name, sizeText(m), m.license, `${hubBaseUrl()}/${m.onnxRepo}`),
      { modal: true },
      go,
    );
    if (answer !== go) return undefined;
    let dir: string;
    try {
      dir = await this.pull(m.onnxRepo, m.name);
    } catch (e) {
      if (!isAbortError(e)) throw e;
      vscode.window.setStatusBarMessage(vscode.l10n.t("Download cancelled; running it again resumes it."), 5000);
      return undefined;
    }
    await this.switchTo(m.engine, dir, m.name);
    return dir;
  }

  private async pull(repo: string, name: string): Promise<string> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Downloading {0}", name), cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        if (token.isCancellationRequested) ac.abort();
        let shown = 0;
        try {
          const result = await pullModel(repo, {
            cacheDir: this.modelsDir,
            // The engines load the fp32 graph: fetch it and the files every variant shares.
            filter: (f) => !f.dtype || f.dtype === "fp32",
            signal: ac.signal,
            onProgress: (e) => {
              const pct = e.total > 0 ? (100 * e.done) / e.total : 0;
              progress.report({ message: `${formatBytes(e.done)} / ${formatBytes(e.total)}`, increment: Math.max(0, pct - shown) });
              shown = Math.max(shown, pct);
            },
          });
          return result.dir;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  private async showExportCommand(m: CatalogModel): Promise<void> {
    const copy = vscode.l10n.t("Copy Export Command");
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t("{0} has no ready ONNX repository. Export it once on a machine with Python (torch, transformers), then run Use a Local Model Folder… on the result:\n{1}", m.name, m.exportCommand),
      { modal: true },
      copy,
    );
    if (answer === copy) await vscode.env.clipboard.writeText(m.exportCommand);
  }

  /** Use a Local Model Folder…: a folder with an exported model; returns it once the setting points there. */
  async useLocalFolder(): Promise<string | undefined> {
    const uris = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t("Use Model Folder"), title: vscode.l10n.t("Folder of an exported model (with onnx/)") });
    if (!uris?.length) return undefined;
    const dir = uriToPath(uris[0]);
    const found = inspectModelFolder(dir);
    await this.switchTo(found.engine, dir, found.label);
    return dir;
  }

  private async switchTo(engine: ModelEngine, dir: string, name: string): Promise<void> {
    const { role, modelSetting } = settingsFor(engine);
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    await config.update(modelSetting, dir, vscode.ConfigurationTarget.Global);
    await config.update(role, engine, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(
      role === "ranker" ? vscode.l10n.t("Ranker set to {0}: {1}", engine, name) : vscode.l10n.t("Fuser set to {0}: {1}", engine, name),
    );
  }
}
