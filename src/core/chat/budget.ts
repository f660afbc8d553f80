// The requests a blend will make to chat models, said before it starts
// ("4 answers + 12 judge calls + 1 fusion"), so metered models are never a surprise.
import type { Candidate, PlanName, RankMode } from "../types";
import type { EngineOptions } from "../engine-options";
import { expectedCalls } from "../rank/plans";
import { distinctOrders } from "../rank/ballots";
import { COUNCIL_DEFAULT_ORDERS, DEFAULT_JUDGE_ORDERS } from "../rank/engines/listwise/options";
import { councilSeats } from "../rank/engines/listwise/seats";
import { hasRole } from "./roles";

export interface RequestBudget {
  /** Answers asked for (samples over all answering models). */
  answers: number;
  /** Requests to the judge model(s). */
  judge: number;
  /** Listwise and council: at most this many more judge requests, one repair per unreadable ranking. */
  judgeRepairs?: number;
  /** Requests to the fuser model. */
  fusion: number;
}

export interface BudgetInput {
  /** Answers to collect now (0 when the answers are already there). */
  answers: number;
  /** Candidates the ranker will rank (usually the answers that arrive). */
  candidates: number;
  /** Whether the ranker sends requests to a chat model (judge, council). */
  chatJudge: boolean;
  plan: PlanName;
  topK: number;
  /** Whether the fuser sends a request to a chat model (llm fuser). */
  chatFuser: boolean;
  /** How the judge works (default pairwise: the plan's ordered pairs). */
  judgeMode?: RankMode;
  /** Listwise and council: orderings per judge (default 2 listwise, 1 council). */
  judgeOrders?: number;
  /** Council: for each judging model, how many of the candidates it wrote (it ranks the others). */
  councilOwn?: readonly number[];
}

function judgeRequests(b: BudgetInput): number {
  if (!b.chatJudge) return 0;
  switch (b.judgeMode ?? "pairwise") {
    case "pairwise":
      return expectedCalls(b.plan, b.candidates, b.topK);
    case "listwise":
      return distinctOrders(b.candidates, b.judgeOrders ?? DEFAULT_JUDGE_ORDERS);
    case "council":
      return (b.councilOwn ?? []).reduce((sum, own) => sum + distinctOrders(b.candidates - own, b.judgeOrders ?? COUNCIL_DEFAULT_ORDERS), 0);
  }
}

/**
 * Upper bound of each kind of request: pairwise judge calls are the plan's ordered pairs (the
 * pair cache may save some); listwise and council requests are one per ballot, plus at most
 * one repair each.
 */
export function requestBudget(b: BudgetInput): RequestBudget {
  const judge = judgeRequests(b);
  const listwise = b.chatJudge && (b.judgeMode ?? "pairwise") !== "pairwise";
  return {
    answers: b.answers,
    judge,
    ...(listwise ? { judgeRepairs: judge } : {}),
    fusion: b.chatFuser && b.candidates > 0 ? 1 : 0,
  };
}

/**
 * The judge part of a budget for a ranker by name and its options, for these candidates.
 * `canJudge` says which answer authors the council can ask (default: endpoints with the
 * answer role; VS Code passes its chat-model catalogue).
 */
export function judgeBudget(
  ranker: string,
  o: EngineOptions,
  candidates: readonly Candidate[],
  canJudge: (id: string) => boolean = (id) => (o.endpoints ?? []).some((e) => e.id === id && hasRole(e, "answer")),
): Pick<BudgetInput, "chatJudge" | "judgeMode" | "judgeOrders" | "councilOwn"> {
  if (ranker === "judge") return { chatJudge: true, judgeMode: o.judgeMode ?? "pairwise", judgeOrders: o.judgeOrders };
  if (ranker === "council")
    return { chatJudge: true, judgeMode: "council", judgeOrders: o.judgeOrders, councilOwn: councilSeats(candidates, canJudge).map((s) => s.own.length) };
  return { chatJudge: false };
}

export function addBudgets(a: RequestBudget, b: RequestBudget): RequestBudget {
  const repairs = (a.judgeRepairs ?? 0) + (b.judgeRepairs ?? 0);
  return { answers: a.answers + b.answers, judge: a.judge + b.judge, ...(a.judgeRepairs !== undefined || b.judgeRepairs !== undefined ? { judgeRepairs: repairs } : {}), fusion: a.fusion + b.fusion };
}

/** Requests planned (repairs, which happen only for unreadable rankings, not counted). */
export function totalRequests(b: RequestBudget): number {
  return b.answers + b.judge + b.fusion;
}

/** "4 answers + 2 judge calls (+ up to 2 repairs) + 1 fusion" (parts that are 0 are left out; "no model requests" when all are). */
export function formatBudget(b: RequestBudget): string {
  const parts: string[] = [];
  if (b.answers) parts.push(`${b.answers} answer${b.answers === 1 ? "" : "s"}`);
  if (b.judge) parts.push(`${b.judge} judge call${b.judge === 1 ? "" : "s"}${b.judgeRepairs ? ` (+ up to ${b.judgeRepairs} repair${b.judgeRepairs === 1 ? "" : "s"})` : ""}`);
  if (b.fusion) parts.push(`${b.fusion} fusion${b.fusion === 1 ? "" : "s"}`);
  return parts.length ? parts.join(" + ") : "no model requests";
}
