// The request budget of rank/blend/eval, printed before any request is made; --dry-run prints
// it and stops.
import type { BlendExample } from "../core/types";
import { addBudgets, formatBudget, judgeBudget, requestBudget, totalRequests, type RequestBudget } from "../core/chat/budget";
import type { CliIO } from "./io";
import type { RankCli } from "./rank-options";

export interface CliBudget {
  total: RequestBudget;
  examples: Array<{ id: string } & RequestBudget>;
}

/** Requests the run will make for these examples; `rankers` lists the ranker runs per example (eval's baseline is a second). */
export function cliBudget(cli: RankCli, examples: readonly BlendExample[], chatFuser: boolean, rankers: readonly string[] = [cli.rankerName]): CliBudget {
  const per = examples.map((ex) => {
    const parts = rankers.map((name, r) =>
      requestBudget({
        answers: 0,
        candidates: ex.candidates.length,
        plan: cli.settings.plan,
        topK: cli.settings.topK,
        chatFuser: chatFuser && r === 0,
        ...judgeBudget(name, cli.rankerOptions, ex.candidates),
      }),
    );
    return { id: ex.id, ...parts.reduce(addBudgets) };
  });
  const zero: RequestBudget = { answers: 0, judge: 0, fusion: 0 };
  return { total: per.reduce<RequestBudget>((a, b) => addBudgets(a, b), zero), examples: per };
}

/**
 * Says the budget (stderr; with --dry-run on stdout, as JSON with --json) when the run makes
 * model requests. Returns true when the command should stop here (--dry-run).
 */
export function reportBudget(io: CliIO, cli: RankCli, b: CliBudget): boolean {
  const n = b.examples.length;
  const line = `requests: ${formatBudget(b.total)}${n > 1 ? ` for ${n} examples` : ""}`;
  if (cli.dryRun) {
    const { examples, total } = b;
    io.out(cli.json ? JSON.stringify({ budget: { ...total, total: totalRequests(total), examples } }) + "\n" : line + "\n");
    return true;
  }
  if (totalRequests(b.total) > 0 && !cli.quiet) io.err(line + "\n");
  return false;
}
