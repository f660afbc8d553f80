// The `council` ranker: every model that wrote one of the answers ranks the others' answers
// (its own are never shown to it) with the listwise prompt; the rank step pools all ballots.
import type { Ballot, BlendIssue, ListRankInput, ListRankOptions, ListRankOutcome, ListwiseRanker } from "../../../types";
import type { EngineContext, EngineOptions } from "../../../engine-options";
import type { ChatModel } from "../../../chat/chat-model";
import { chatModelFinder } from "../../../chat/resolve";
import { InputError, abortError } from "../../../errors";
import { mixSeed, shownOrders } from "../../ballots";
import { castBallots } from "./cast";
import { describeCut, fitAnswers } from "./fit";
import { authorOf, councilSeats, type CouncilSeat } from "./seats";
import { COUNCIL_DEFAULT_ORDERS, judgeOrders } from "./options";


export interface CouncilSettings {
  log?: (line: string) => void;
}

interface SeatResult {
  ballots: Ballot[];
  requests: number;
  cached: number;
  asked: number;
  dropped: number;
  errors: unknown[];
  cut: string[];
}

export class CouncilRanker implements ListwiseRanker {
  readonly name = "council";
  readonly mode = "council" as const;
  readonly modelId = "council-v1";
  readonly issues: BlendIssue[] = [];

  constructor(
    /** The chat model behind an answer's author id, if it can judge. */
    private readonly find: (id: string) => ChatModel | undefined,
    readonly orders = COUNCIL_DEFAULT_ORDERS,
    private readonly settings: CouncilSettings = {},
  ) {}

  private report(judge: string | undefined, message: string): void {
    this.issues.push({ where: judge ? `council judge ${judge}` : "council", ...(judge ? { endpoint: judge } : {}), message });
    this.settings.log?.(`${judge ? `council judge ${judge}` : "council"}: ${message}`);
  }

  async rankList(input: ListRankInput, opts: ListRankOptions = {}): Promise<ListRankOutcome> {
    const none: ListRankOutcome = { ballots: [], requests: 0, cached: 0, judges: [], cut: [] };
    if (input.candidates.length < 2) return none;
    const seats = councilSeats(input.candidates, (id) => this.find(id) !== undefined);
    if (seats.length === 0) {
      const authors = [...new Set(input.candidates.map(authorOf))].join(", ");
      this.report(undefined, `no answer came from a model that can judge (answers by ${authors}): the answers are left unranked`);
      return none;
    }
    const voting = seats.filter((s) => s.sees.length >= 2);
    for (const s of seats)
      if (s.sees.length < 2) this.report(s.judge, `sees only ${s.sees.length} answer${s.sees.length === 1 ? "" : "s"} besides its own: it casts no ballot`);
    const planned = voting.map((s) => shownOrders(s.sees, this.orders, mixSeed(input.seed, `${input.source}\u0000${s.judge}`)));
    const total = planned.reduce((a, o) => a + o.length, 0);
    let settled = 0;
    opts.onProgress?.({ stage: "rank", done: 0, total });
    const results = await Promise.all(
      voting.map((seat, v) => this.seat(seat, planned[v], input, opts, () => opts.onProgress?.({ stage: "rank", done: ++settled, total }))),
    );
    if (opts.signal?.aborted) throw abortError();
    const everyFailed = results.length > 0 && results.every((r) => r.asked > 0 && r.errors.length === r.asked);
    if (everyFailed) throw results[0].errors[0];
    return {
      ballots: results.flatMap((r) => r.ballots),
      requests: results.reduce((a, r) => a + r.requests, 0),
      cached: results.reduce((a, r) => a + r.cached, 0),
      judges: voting.map((s, v) => ({ judge: s.judge, asked: results[v].asked, dropped: results[v].dropped })),
      cut: [...new Set(results.flatMap((r) => r.cut))],
    };
  }

  private async seat(seat: CouncilSeat, orders: number[][], input: ListRankInput, opts: ListRankOptions, settled: () => void): Promise<SeatResult> {
    const model = this.find(seat.judge)!;
    const fitted = await fitAnswers(model, input.source, seat.sees.map((i) => input.candidates[i].text), opts.signal);
    const texts = input.candidates.map((c) => c.text);
    seat.sees.forEach((i, p) => (texts[i] = fitted.texts[p]));
    const cut = fitted.cut.map((c) => input.candidates[seat.sees[c.index]].model);
    for (const c of fitted.cut) this.report(seat.judge, describeCut(input.candidates[seat.sees[c.index]].model, c, seat.judge, fitted.context));
    const r = await castBallots(
      { model, source: input.source, texts, orders },
      { store: opts.ballots, signal: opts.signal, report: (m) => this.report(seat.judge, m), onSettled: settled },
    );
    if (r.errors.length && r.errors.length === orders.length) this.report(seat.judge, "every request failed: its answers are ranked by the other judges only");
    // Its own answers are never shown; should one slip into a ballot, its vote about it does not count.
    const own = new Set(seat.own);
    const ballots = r.ballots.map((b) => ({ ...b, shown: b.shown.filter((i) => !own.has(i)), order: b.order.filter((i) => !own.has(i)) }));
    return { ballots, requests: r.requests, cached: r.cached, asked: orders.length, dropped: r.dropped, errors: r.errors, cut };
  }
}

export async function createCouncilRanker(o: EngineOptions, ctx: EngineContext = {}): Promise<CouncilRanker> {
  if (!ctx.chatModels && !o.endpoints?.length)
    throw new InputError("the council ranker needs the answering models (--endpoints FILE, or chat models in VS Code)", undefined, undefined, "endpoints");
  return new CouncilRanker(chatModelFinder(o, ctx, "answer"), judgeOrders(o, COUNCIL_DEFAULT_ORDERS), { log: ctx.log });
}
