// The requests a blend will make to chat models, said before it starts
// ("4 answers + 12 judge calls + 1 fusion"), so metered models are never a surprise.
import type { PlanName } from "../types";
import { expectedCalls } from "../rank/plans";

export interface RequestBudget {
  /** Answers asked for (samples over all answering models). */
  answers: number;
  /** Requests to the judge model(s). */
  judge: number;
  /** Requests to the fuser model. */
  fusion: number;
}

export interface BudgetInput {
  /** Answers to collect now (0 when the answers are already there). */
  answers: number;
  /** Candidates the ranker will rank (usually the answers that arrive). */
  candidates: number;
  /** Whether the ranker sends requests to a chat model (judge). */
  chatJudge: boolean;
  plan: PlanName;
  topK: number;
  /** Whether the fuser sends a request to a chat model (llm fuser). */
  chatFuser: boolean;
}

/** Upper bound of each kind of request: judge calls are the plan's ordered pairs (the pair cache may save some). */
export function requestBudget(b: BudgetInput): RequestBudget {
  return {
    answers: b.answers,
    judge: b.chatJudge ? expectedCalls(b.plan, b.candidates, b.topK) : 0,
    fusion: b.chatFuser && b.candidates > 0 ? 1 : 0,
  };
}

export function totalRequests(b: RequestBudget): number {
  return b.answers + b.judge + b.fusion;
}

/** "4 answers + 12 judge calls + 1 fusion" (parts that are 0 are left out; "no model requests" when all are). */
export function formatBudget(b: RequestBudget): string {
  const parts: string[] = [];
  if (b.answers) parts.push(`${b.answers} answer${b.answers === 1 ? "" : "s"}`);
  if (b.judge) parts.push(`${b.judge} judge call${b.judge === 1 ? "" : "s"}`);
  if (b.fusion) parts.push(`${b.fusion} fusion${b.fusion === 1 ? "" : "s"}`);
  return parts.length ? parts.join(" + ") : "no model requests";
}
