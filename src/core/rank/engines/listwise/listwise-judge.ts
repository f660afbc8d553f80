// The `judge` ranker in listwise mode: one chat model ranks all answers in one request,
// shown in k orders (one order and its reverse by default) against position bias.
import type { BlendIssue, ListRankInput, ListRankOptions, ListRankOutcome, ListwiseRanker } from "../../../types";
import type { ChatModel } from "../../../chat/chat-model";
import { CONFIGURATION_KINDS, isChatModelError } from "../../../chat/errors";
import { mixSeed, shownOrders } from "../../ballots";
import { castBallots } from "./cast";
import { describeCut, fitAnswers } from "./fit";
import { DEFAULT_JUDGE_ORDERS } from "./options";


export interface ListwiseSettings {
  log?: (line: string) => void;
}

export class ListwiseJudgeRanker implements ListwiseRanker {
  readonly name = "judge";
  readonly mode = "listwise" as const;
  readonly modelId: string;
  readonly issues: BlendIssue[] = [];

  constructor(
    private readonly model: ChatModel,
    readonly orders = DEFAULT_JUDGE_ORDERS,
    private readonly settings: ListwiseSettings = {},
  ) {
    this.modelId = `judge-list-v1:${model.info.key}`;
  }

  private report(message: string): void {
    const id = this.model.info.id;
    this.issues.push({ where: `judge ${id}`, endpoint: id, message });
    this.settings.log?.(`judge ${id}: ${message}`);
  }

  async rankList(input: ListRankInput, opts: ListRankOptions = {}): Promise<ListRankOutcome> {
    const n = input.candidates.length;
    const id = this.model.info.id;
    if (n < 2) return { ballots: [], requests: 0, cached: 0, judges: [], cut: [] };
    const fitted = await fitAnswers(this.model, input.source, input.candidates.map((c) => c.text), opts.signal);
    for (const c of fitted.cut) this.report(describeCut(input.candidates[c.index].model, c, id, fitted.context));
    const orders = shownOrders(
      input.candidates.map((_, i) => i),
      this.orders,
      mixSeed(input.seed, input.source),
    );
    let settled = 0;
    opts.onProgress?.({ stage: "rank", done: 0, total: orders.length });
    const r = await castBallots(
      { model: this.model, source: input.source, texts: fitted.texts, orders },
      {
        store: opts.ballots,
        signal: opts.signal,
        report: (m) => this.report(m),
        onSettled: () => opts.onProgress?.({ stage: "rank", done: ++settled, total: orders.length }),
      },
    );
    // A misconfigured judge, or one whose every request failed, stops the ranking (as the pairwise judge does).
    const fatal = r.errors.find((e) => isChatModelError(e) && CONFIGURATION_KINDS.includes(e.kind));
    if (fatal) throw fatal;
    if (r.errors.length > 0 && r.errors.length === orders.length) throw r.errors[0];
    return {
      ballots: r.ballots,
      requests: r.requests,
      cached: r.cached,
      judges: [{ judge: id, asked: orders.length, dropped: r.dropped }],
      cut: fitted.cut.map((c) => input.candidates[c.index].model),
    };
  }
}
