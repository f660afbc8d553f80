// Runs blends for the commands and the panel: progress in the panel and in a cancellable
// notification, results into the panel and the history, failures to the log and the user.
import * as vscode from "vscode";
import { randomUUID } from "node:crypto";
import type { EndpointConfig } from "../core/engine-options";
import type { LiveAnswersView } from "../core/endpoints/live-answers";
import { isAbortError } from "../core/errors";
import type { AggregatorName, BlendExample, BlendResult, PlanName, ProgressEvent, ProgressListener } from "../core/types";
import type { BlendRecord } from "../protocol";
import type { BlendEngines } from "./blend-engines";
import { enginePlan, needsEndpoints } from "./engine-plan";
import type { HistoryStore } from "./history-store";
import { errorMessage, type Reporter } from "./log";
import type { ResultsPanel } from "./results-panel";
import type { ExtensionSettings } from "./settings";

/** Where a blend's candidates come from: files, open editors, or endpoints asked now. */
export interface BlendSource {
  /** Shown with the blend ("4 files", "3 endpoints"). */
  label: string;
  /** Produces the example; problems that did not stop loading belong in `example.errors`. */
  load(ctx: {
    signal: AbortSignal;
    onProgress: ProgressListener;
    /** The answers changed (endpoints, as they arrive); the view snapshots them when it shows them. */
    onAnswers?: (answers: LiveAnswersView) => void;
  }): Promise<BlendExample>;
}

export interface ControllerDeps {
  engines: BlendEngines;
  panel: ResultsPanel;
  history: HistoryStore;
  reporter: Reporter;
  settings(): ExtensionSettings;
  /** The user's endpoints with their API keys filled in. */
  endpoints(settings: ExtensionSettings): Promise<EndpointConfig[]>;
}

export function progressText(e: ProgressEvent): string {
  const n = e.total > 0 ? ` ${e.done}/${e.total}` : "";
  switch (e.stage) {
    case "load":
      return vscode.l10n.t("Loading answers") + n;
    case "collect":
      return vscode.l10n.t("Asking endpoints") + n;
    case "rank":
      return vscode.l10n.t("Ranking: comparisons") + n;
    case "fuse":
      return vscode.l10n.t("Fusing the top answers") + (e.message ? ` (${e.message})` : "");
    case "download":
      return vscode.l10n.t("Downloading model") + (e.message ? ` ${e.message}` : "") + n;
    default:
      return e.message ?? e.stage;
  }
}

export class BlendController {
  private running: AbortController | null = null;

  constructor(private readonly deps: ControllerDeps) {}

  /** The blend "Insert Fused Answer" uses: the one in the panel, else the newest in history. */
  latest(): BlendRecord | undefined {
    return this.deps.panel.current ?? this.deps.history.latest();
  }

  /** The blend in the results panel while the panel is open. */
  shown(): BlendRecord | null {
    return this.deps.panel.isOpen ? this.deps.panel.current : null;
  }

  /** A blend by id: the open panel's copy (it may be newer, e.g. still fusing) or the history's. */
  find(blendId: string): BlendRecord | undefined {
    const shown = this.shown();
    return shown?.blendId === blendId ? shown : this.deps.history.get(blendId);
  }

  /** The history, newest first. */
  recent(): BlendRecord[] {
    return this.deps.history.list();
  }

  cancel(): void {
    this.running?.abort();
  }

  open(blendId: string): boolean {
    const record = this.deps.history.get(blendId);
    if (!record) return false;
    this.deps.panel.show();
    this.deps.panel.showRecord(record);
    return true;
  }

  private async planFor(settings: ExtensionSettings, override: { plan?: PlanName; aggregate?: AggregatorName; ranker?: string } = {}) {
    let endpoints: EndpointConfig[] = [];
    if (needsEndpoints(settings, override.ranker)) {
      if (settings.endpointsError) throw new Error(settings.endpointsError);
      endpoints = await this.deps.endpoints(settings);
    }
    return enginePlan(settings, endpoints, override);
  }

  /**
   * Runs one blend with the notification and the panel showing progress. Resolves to the
   * record (also saved in history), or undefined when cancelled or failed (already reported).
   */
  async blend(source: BlendSource): Promise<BlendRecord | undefined> {
    const { panel, history, engines } = this.deps;
    const blendId = randomUUID();
    const createdAt = new Date().toISOString();
    return this.withProgress(vscode.l10n.t("Blending answers ({0})", source.label), async (signal, onProgress) => {
      const example = await source.load({ signal, onProgress, onAnswers: (answers) => panel.collecting(answers) });
      const plan = await this.planFor(this.deps.settings());
      let ranked: BlendResult | null = null;
      let result: BlendResult;
      try {
        result = await engines.blend(example, plan, {
          signal,
          onProgress,
          onRanked: (rank) => {
            ranked = { example, rank, top: example.candidates[rank.ranking[0].candidate], fused: null, issues: [...(example.errors ?? [])] };
            panel.showRecord({ blendId, createdAt, sourceLabel: source.label, result: ranked, fusing: true });
          },
          onToken: (text) => panel.fuseToken(blendId, text),
        });
      } catch (e) {
        // Cancelled or failed while fusing: the ranking is done and is kept, the failure marked.
        const done = ranked as BlendResult | null;
        if (!done) throw e;
        const why = isAbortError(e) ? vscode.l10n.t("fusion cancelled") : errorMessage(e);
        result = { ...done, issues: [...done.issues, { where: `fuser ${plan.fuser.name}`, message: why }] };
      }
      const record: BlendRecord = { blendId, createdAt, sourceLabel: source.label, result };
      await history.add(record);
      panel.showRecord(record);
      this.reportIssues(record);
      return record;
    });
  }

  /** Re-ranks a blend (panel or history) with another plan or aggregator, without collecting again. */
  async rerank(blendId: string, plan: PlanName, aggregate: AggregatorName): Promise<BlendRecord | undefined> {
    const previous = this.deps.panel.current?.blendId === blendId ? this.deps.panel.current : this.deps.history.get(blendId);
    if (!previous || previous.fusing) return undefined;
    return this.withProgress(vscode.l10n.t("Re-ranking ({0}, {1})", plan, aggregate), async (signal, onProgress) => {
      const p = await this.planFor(this.deps.settings(), { plan, aggregate, ranker: previous.result.rank.ranker });
      const result = await this.deps.engines.rerank(previous.result, p, {
        signal,
        onProgress,
        onToken: (text) => this.deps.panel.fuseToken(blendId, text),
      });
      const record: BlendRecord = { ...previous, result, fusing: false };
      await this.deps.history.update(record);
      this.deps.panel.showRecord(record);
      return record;
    });
  }

  private async withProgress<T>(title: string, work: (signal: AbortSignal, onProgress: ProgressListener) => Promise<T>): Promise<T | undefined> {
    const { panel, reporter } = this.deps;
    this.running?.abort();
    const ac = new AbortController();
    this.running = ac;
    panel.show();
    panel.setBusy(true, title);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => ac.abort());
          const onProgress: ProgressListener = (e) => {
            panel.progress(e);
            progress.report({ message: progressText(e) });
          };
          return work(ac.signal, onProgress);
        },
      );
    } catch (e) {
      if (isAbortError(e) || ac.signal.aborted) {
        reporter.log.info(`cancelled: ${title}`);
        void vscode.window.showInformationMessage(vscode.l10n.t("Blend cancelled."));
      } else {
        panel.error(errorMessage(e));
        void reporter.error(vscode.l10n.t("Answer Blender failed"), e);
      }
      return undefined;
    } finally {
      // A newer run may have replaced this one: it owns the busy state now.
      if (this.running === ac) {
        this.running = null;
        panel.setBusy(false);
      }
    }
  }

  private reportIssues(record: BlendRecord): void {
    const issues = record.result.issues;
    const n = record.result.example.candidates.length;
    this.deps.reporter.log.info(`blend ${record.blendId}: ${n} answers, ranker ${record.result.rank.ranker}, ${record.result.rank.comparisons} comparisons, fuser ${record.result.fused?.fuser ?? "none"}`);
    if (issues.length === 0) return;
    const summary =
      issues.length === 1
        ? vscode.l10n.t("Blended {0} answers; 1 problem: {1}", n, `${issues[0].where}: ${issues[0].message}`)
        : vscode.l10n.t("Blended {0} answers; {1} problems (marked in the panel).", n, issues.length);
    void this.deps.reporter.partial(summary, issues);
  }
}
