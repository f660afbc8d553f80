// The request budget of rank/blend/eval, printed before any request is made; --dry-run prints
// it and stops. Inputs stream, so the budget is a first pass over them that only counts, made
// only when the run asks models at all (or --dry-run asks for it).
import type { BlendExample } from "../core/types";
import type { InputStream } from "../core/candidates/load";
import { LoadTally } from "../core/candidates/load";
import { addBudgets, formatBudget, judgeBudget, requestBudget, totalRequests, type RequestBudget } from "../core/chat/budget";
import type { CliIO } from "./io";
import type { RankCli } from "./rank-options";

export interface CliBudget {
  total: RequestBudget;
  /** Per example, kept for --dry-run's JSON only. */
  examples: Array<{ id: string } & RequestBudget>;
  count: number;
}

export interface BudgetScope {
  /** The ranker runs per example (eval's baseline is a second). */
  rankers: readonly string[];
  chatFuser: boolean;
  /** Which examples are ranked (eval: the judged ones). */
  ranks?: (ex: BlendExample) => boolean;
  /** Stop after this many usable examples (eval --limit). */
  limit?: number;
}

function exampleBudget(cli: RankCli, ex: BlendExample, scope: BudgetScope): RequestBudget {
  return scope.rankers
    .map((name, r) =>
      requestBudget({
        answers: 0,
        candidates: ex.candidates.length,
        plan: cli.settings.plan,
        topK: cli.settings.topK,
        chatFuser: scope.chatFuser && r === 0,
        ...judgeBudget(name, cli.rankerOptions, ex.candidates),
      }),
    )
    .reduce(addBudgets);
}

/** Whether any request goes to a model: only then (or with --dry-run) is the input counted first. */
export function asksModels(cli: RankCli, scope: BudgetScope): boolean {
  return scope.chatFuser || scope.rankers.some((name) => judgeBudget(name, cli.rankerOptions, []).chatJudge);
}

class BudgetCounter {
  readonly budget: CliBudget = { total: { answers: 0, judge: 0, fusion: 0 }, examples: [], count: 0 };
  constructor(
    private readonly cli: RankCli,
    private readonly scope: BudgetScope,
  ) {}

  add(ex: BlendExample): void {
    if (this.scope.ranks && !this.scope.ranks(ex)) return;
    const b = exampleBudget(this.cli, ex, this.scope);
    this.budget.total = addBudgets(this.budget.total, b);
    this.budget.count++;
    if (this.cli.dryRun && this.cli.json) this.budget.examples.push({ id: ex.id, ...b });
  }
}

/** Counts the requests over the input; null when the run sends none and --dry-run is off. */
export async function budgetPass(cli: RankCli, open: () => Promise<InputStream>, scope: BudgetScope): Promise<{ budget: CliBudget; load: LoadTally } | null> {
  if (!cli.dryRun && !asksModels(cli, scope)) return null;
  const load = new LoadTally();
  const counter = new BudgetCounter(cli, scope);
  for await (const unit of await open()) {
    if (unit.example && scope.limit !== undefined && load.examples >= scope.limit) break;
    load.add(unit);
    if (unit.example) counter.add(unit.example);
  }
  return { budget: counter.budget, load };
}

/** The same for examples already in memory. */
export function budgetOf(cli: RankCli, examples: readonly BlendExample[], scope: BudgetScope): CliBudget | null {
  if (!cli.dryRun && !asksModels(cli, scope)) return null;
  const counter = new BudgetCounter(cli, scope);
  for (const ex of examples) counter.add(ex);
  return counter.budget;
}

/**
 * Says the budget (stderr; with --dry-run on stdout, as JSON with --json) when the run makes
 * model requests. Returns true when the command should stop here (--dry-run).
 */
export function reportBudget(io: CliIO, cli: RankCli, b: CliBudget): boolean {
  const n = b.count;
  const line = `requests: ${formatBudget(b.total)}${n > 1 ? ` for ${n} examples` : ""}`;
  if (cli.dryRun) {
    const { examples, total } = b;
    io.out(cli.json ? JSON.stringify({ budget: { ...total, total: totalRequests(total), examples } }) + "\n" : line + "\n");
    return true;
  }
  if (totalRequests(b.total) > 0 && !cli.quiet) io.err(line + "\n");
  return false;
}
