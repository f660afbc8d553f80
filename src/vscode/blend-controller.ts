// Runs blends for the commands and the panel: progress in the panel and in a cancellable
// notification, results into the panel and the history, failures to the log and the user.
import * as vscode from "vscode";
import { randomUUID } from "node:crypto";
import type { EndpointConfig } from "../core/engine-options";
import type { LiveAnswer, LiveAnswersView } from "../core/endpoints/live-answers";
import { isAbortError } from "../core/errors";
import type { AggregatorName, BlendExample, BlendResult, PlanName, ProgressListener } from "../core/types";
import type { BlendRecord } from "../protocol";
import type { BlendEngines } from "./blend-engines";
import { enginePlan, needsEndpoints, type EnginePlan } from "./engine-plan";
import { confirmBudget, planBudget, titleWithBudget, type ExpectedAnswers } from "./request-budget";
import type { HistoryStore } from "./history-store";
import { errorMessage, type Reporter } from "./log";
import { progressText } from "./progress-text";
import { fileLabels } from "./file-labels";
import type { BlendStatusView } from "./blend-status";
import { problemLine, uniqueIssues } from "../core/issues";
import type { ResultsPanel } from "./results-panel";
import type { ExtensionSettings } from "./settings";
import { withRemoteToken } from "./remote-token";

/** Where a blend's candidates come from: files, open editors, or endpoints asked now. */
export interface BlendSource {
  /** Shown with the blend ("4 files", "3 endpoints"). */
  label: string;
  /** How many answers it asks models for and how many the ranker gets: the request budget shown before the blend. */
  expected?: ExpectedAnswers;
  /** Produces the example; problems that did not stop loading belong in `example.errors`. */
  load(ctx: {
    signal: AbortSignal;
    onProgress: ProgressListener;
    /** The answers changed (endpoints, as they arrive); the view snapshots them when it shows them. */
    onAnswers?: (answers: LiveAnswersView) => void;
  }): Promise<BlendExample>;
  /** Sources that ask models: the answers that had arrived when the blend was stopped, as an example to rank later. */
  arrived?(answers: readonly LiveAnswer[]): BlendExample;
}

/** Where a running blend reports: the results panel (with its notification) or a chat reply. */
export interface BlendSink {
  signal: AbortSignal;
  onProgress: ProgressListener;
  /** The answers changed while they arrive (chat models, endpoints). */
  onAnswers?: (answers: LiveAnswersView) => void;
  /** The ranking is done and the fuser starts: the record with `fusing: true`. */
  onRanked?: (record: BlendRecord) => void;
  /** Fused text as the fuser streams it. */
  onToken?: (blendId: string, text: string) => void;
}

/** What a stopped blend can still do with what it had received. */
interface CancelledOffer {
  label: string;
  run(): Promise<unknown>;
}

/** "3 models" → "3 models · 2 of 3 answers": the blend of a stopped one's answers. */
export function arrivedLabel(label: string, done: number, total: number): string {
  return vscode.l10n.t("{0} · {1} of {2} answers", label, done, total);
}

/** Answers that are already there (files, editors): nothing is asked of models. */
export function exampleSource(example: BlendExample, label: string): BlendSource {
  return { label, expected: { answers: 0, candidates: example.candidates.length, authors: example.candidates }, load: async () => example };
}

export interface ControllerDeps {
  engines: BlendEngines;
  panel: ResultsPanel;
  history: HistoryStore;
  reporter: Reporter;
  settings(): ExtensionSettings;
  /** The user's endpoints with their API keys filled in. */
  endpoints(settings: ExtensionSettings): Promise<EndpointConfig[]>;
  /** The remote inference server's bearer token (SecretStorage, else the environment), when the ranker runs there. */
  remoteToken?(): Promise<{ token: string; source: string } | undefined>;
  /** The chat models a judge or fuser may name (VS Code's, local servers); read before engines are planned. */
  models?: { ensure(): Promise<void>; reachable(id: string, settings: ExtensionSettings): boolean };
  /** Told about every run: the status bar item. */
  status?: BlendStatusView;
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

  /** Whether a blend (or re-rank) is running now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Shows a blend in the results panel: the panel's own copy when it shows it (it may be newer), else the history's. */
  open(blendId: string): boolean {
    const current = this.deps.panel.current;
    const record = current?.blendId === blendId ? current : this.deps.history.get(blendId);
    if (!record) return false;
    this.deps.panel.show();
    if (record !== current) this.deps.panel.showRecord(record);
    return true;
  }

  /** Opens (or reveals) the results panel as it is. */
  reveal(): void {
    this.deps.panel.show();
  }

  private async planFor(settings: ExtensionSettings, override: { plan?: PlanName; aggregate?: AggregatorName; ranker?: string } = {}): Promise<EnginePlan> {
    const models = this.deps.models;
    await models?.ensure();
    let endpoints: EndpointConfig[] = [];
    if (needsEndpoints(settings, override.ranker)) {
      if (settings.endpointsError) throw new Error(settings.endpointsError);
      endpoints = await this.deps.endpoints(settings);
    }
    const reachable = models ? (id: string) => models.reachable(id, settings) : undefined;
    const plan = enginePlan(settings, endpoints, override, reachable);
    const token = this.deps.remoteToken;
    return token ? withRemoteToken(plan, () => token()) : plan;
  }

  /** For a council's budget: whether the model that wrote an answer can be asked (VS Code's models, endpoints). */
  private canJudge(): ((id: string) => boolean) | undefined {
    const models = this.deps.models;
    if (!models) return undefined;
    const settings = this.deps.settings();
    return (id) => models.reachable(id, settings);
  }

  /** Plans the engines before a run starts; a failure is reported as a failed run would be. */
  private async prepare(work: () => Promise<EnginePlan>): Promise<EnginePlan | undefined> {
    try {
      return await work();
    } catch (e) {
      this.deps.panel.show();
      this.deps.panel.error(errorMessage(e));
      void this.deps.reporter.error(vscode.l10n.t("Answer Blender failed"), e);
      return undefined;
    }
  }

  /**
   * Runs one blend with the notification and the panel showing progress (and the requests it
   * will send to chat models). Resolves to the record (also saved in history), or undefined
   * when declined, cancelled or failed (already reported).
   */
  async blend(source: BlendSource): Promise<BlendRecord | undefined> {
    const { panel } = this.deps;
    const plan = await this.prepare(() => this.planFor(this.deps.settings()));
    if (!plan) return undefined;
    const budget = source.expected ? planBudget(plan, source.expected, { canJudge: this.canJudge() }) : null;
    if (!(await confirmBudget(budget))) return undefined;
    let live: LiveAnswersView | undefined;
    const title = titleWithBudget(vscode.l10n.t("Blending answers ({0})", source.label), budget);
    return this.withProgress(title, async (signal, onProgress) => {
      const record = await this.run(source, plan, {
        signal,
        onProgress,
        onAnswers: (answers) => {
          live = answers;
          panel.collecting(answers);
        },
        onRanked: (ranked) => panel.showRecord(ranked),
        onToken: (blendId, text) => panel.fuseToken(blendId, text),
      });
      panel.showRecord(record);
      this.deps.status?.finished(record);
      this.reportIssues(record);
      return record;
    }, () => this.arrivedOffer(source, live));
  }

  /** After a stop while models answered: "Rank the N answers that arrived", when two or more had. */
  private arrivedOffer(source: BlendSource, live: LiveAnswersView | undefined): CancelledOffer | undefined {
    if (!source.arrived || !live) return undefined;
    const answers = live.snapshot();
    const done = answers.filter((a) => a.state === "done").length;
    if (done < 2) return undefined;
    const example = source.arrived(answers);
    return {
      label: vscode.l10n.t("Rank the {0} answers that arrived", done),
      run: () => this.blend(exampleSource(example, arrivedLabel(source.label, done, answers.length))),
    };
  }

  /**
   * One blend that reports to `sink` alone (a chat reply): no notification, and the panel is
   * left as it is. The record is saved in history like any other. Failures (the engines cannot
   * be planned, nothing answered, cancelled) are thrown; undefined when the user declined the
   * request budget. `fuse: false` ranks only.
   */
  async blendTo(source: BlendSource, sink: BlendSink, opts: { fuse?: boolean } = {}): Promise<BlendRecord | undefined> {
    const fuse = opts.fuse ?? true;
    const plan = await this.planFor(this.deps.settings());
    const budget = source.expected ? planBudget(plan, source.expected, { canJudge: this.canJudge(), fuse }) : null;
    if (!(await confirmBudget(budget))) return undefined;
    const record = await this.run(source, plan, sink, fuse);
    this.logIssues(record);
    return record;
  }

  /** load → rank → fuse → history. Cancelled or failed while fusing: the ranking is kept and the failure marked. */
  private async run(source: BlendSource, plan: EnginePlan, sink: BlendSink, fuse = true): Promise<BlendRecord> {
    const blendId = randomUUID();
    const createdAt = new Date().toISOString();
    const { signal, onProgress } = sink;
    const rankerChoice = plan.rankerChoice;
    const example = await source.load({ signal, onProgress, ...(sink.onAnswers ? { onAnswers: sink.onAnswers } : {}) });
    const labels = fileLabels(example);
    let ranked: BlendResult | null = null;
    let result: BlendResult;
    try {
      result = await this.deps.engines.blend(example, plan, {
        signal,
        onProgress,
        fuse,
        onRanked: (rank) => {
          ranked = { example, rank, top: example.candidates[rank.ranking[0].candidate], fused: null, issues: [...(example.errors ?? [])] };
          if (fuse) sink.onRanked?.({ blendId, createdAt, sourceLabel: source.label, result: ranked, fusing: true, rankerChoice, fileLabels: labels });
        },
        onToken: (text) => sink.onToken?.(blendId, text),
      });
    } catch (e) {
      const done = ranked as BlendResult | null;
      if (!done || !fuse) throw e;
      const why = isAbortError(e) ? vscode.l10n.t("fusion cancelled") : errorMessage(e);
      result = { ...done, issues: [...done.issues, { where: `fuser ${plan.fuser.name}`, message: why }] };
    }
    const record: BlendRecord = { blendId, createdAt, sourceLabel: source.label, result: { ...result, issues: uniqueIssues(result.issues) }, rankerChoice, fileLabels: labels };
    await this.deps.history.add(record);
    return record;
  }

  /**
   * Re-ranks a blend (panel or history) without collecting again: with another plan or
   * aggregator, or (`ranker`) with another ranker, e.g. the judge model just chosen. Without a
   * plan the settings' plan is used (a chat-model judge's cheap default unless the user chose one).
   */
  async rerank(blendId: string, plan: PlanName | undefined, aggregate: AggregatorName, ranker?: string): Promise<BlendRecord | undefined> {
    const previous = this.deps.panel.current?.blendId === blendId ? this.deps.panel.current : this.deps.history.get(blendId);
    if (!previous || previous.fusing) return undefined;
    const sameRanker = ranker === undefined || ranker === previous.result.rank.ranker;
    const p = await this.prepare(() => this.planFor(this.deps.settings(), { plan, aggregate, ranker: ranker ?? previous.result.rank.ranker }));
    if (!p) return undefined;
    const candidates = previous.result.example.candidates;
    const budget = planBudget(p, { answers: 0, candidates: candidates.length, authors: candidates }, { canJudge: this.canJudge() });
    const rankerChoice = sameRanker && previous.rankerChoice ? previous.rankerChoice : p.rankerChoice;
    const title = titleWithBudget(vscode.l10n.t("Re-ranking ({0}, {1})", p.blend.plan, aggregate), budget);
    return this.withProgress(title, async (signal, onProgress) => {
      const result = await this.deps.engines.rerank(previous.result, p, {
        signal,
        onProgress,
        onToken: (text) => this.deps.panel.fuseToken(blendId, text),
      });
      const record: BlendRecord = { ...previous, result: { ...result, issues: uniqueIssues(result.issues) }, fusing: false, rankerChoice };
      await this.deps.history.update(record);
      this.deps.panel.showRecord(record);
      this.deps.status?.finished(record);
      return record;
    });
  }

  private async withProgress<T>(title: string, work: (signal: AbortSignal, onProgress: ProgressListener) => Promise<T>, onCancelled?: () => CancelledOffer | undefined): Promise<T | undefined> {
    const { panel, reporter, status } = this.deps;
    this.running?.abort();
    const ac = new AbortController();
    this.running = ac;
    panel.show();
    panel.setBusy(true, title);
    status?.running(title);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => ac.abort());
          const onProgress: ProgressListener = (e) => {
            panel.progress(e);
            status?.progress(e);
            progress.report({ message: progressText(e) });
          };
          return work(ac.signal, onProgress);
        },
      );
    } catch (e) {
      if (isAbortError(e) || ac.signal.aborted) {
        reporter.log.info(`cancelled: ${title}`);
        if (this.running === ac) status?.cancelled();
        const offer = onCancelled?.();
        if (offer) void vscode.window.showInformationMessage(vscode.l10n.t("Blend cancelled."), offer.label).then((picked) => (picked === offer.label ? offer.run() : undefined));
        else void vscode.window.showInformationMessage(vscode.l10n.t("Blend cancelled."));
      } else {
        panel.error(errorMessage(e));
        status?.failed(errorMessage(e));
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

  /** One log line saying what the blend was. */
  private logBlend(record: BlendRecord): void {
    const { example, rank, fused } = record.result;
    this.deps.reporter.log.info(`blend ${record.blendId}: ${example.candidates.length} answers, ranker ${rank.ranker}, ${rank.comparisons} comparisons, fuser ${fused?.fuser ?? "none"}`);
  }

  private logIssues(record: BlendRecord): void {
    this.logBlend(record);
    for (const p of uniqueIssues(record.result.issues)) this.deps.reporter.log.warn(problemLine(p));
  }

  /** Logs the blend; its problems go to the log once, and one message says how many (the panel lists them). */
  private reportIssues(record: BlendRecord): void {
    const issues = uniqueIssues(record.result.issues);
    const n = record.result.example.candidates.length;
    this.logBlend(record);
    if (issues.length === 0) return;
    const summary =
      issues.length === 1
        ? vscode.l10n.t("Blended {0} answers with 1 problem, listed in the results panel.", n)
        : vscode.l10n.t("Blended {0} answers with {1} problems, listed in the results panel.", n, issues.length);
    void this.deps.reporter.partial(summary, issues);
  }
}
