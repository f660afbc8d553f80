import { EngineFactory } from "../../core/engines";
import { PairCache } from "../../core/rank/pair-cache";
import { rankExample } from "../../core/rank/rank-example";
import type { RankResult } from "../../core/types";
import { rankJson } from "../../core/result-json";
import { checkKnown, flagString, parseArgs } from "../args";
import { InputError } from "../../core/errors";
import type { Command } from "../io";
import { formatMatrix, formatRanking } from "../format";
import { loadForCli, reportLoadIssues } from "../load-for-cli";
import { ProgressBar } from "../progress";
import { cliBudget, reportBudget } from "../budget";
import { createRanker, parseRankCli, RANK_BOOLEANS, RANK_FLAGS, reportRankerIssues } from "../rank-options";

export const rankCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, [...RANK_BOOLEANS]);
  checkKnown(p, [...RANK_FLAGS, "prompt"]);
  if (p.positional.length === 0) throw new InputError("rank needs an <input> (blend-set/MixInstruct file, folder, or answer files)");
  const cli = await parseRankCli(p, io);
  const loaded = await loadForCli(p.positional, { prompt: flagString(p, "prompt") });
  if (reportBudget(io, cli, cliBudget(cli, loaded.examples, false))) return reportLoadIssues(loaded, io);
  const factory = new EngineFactory();
  const bar = new ProgressBar(io, "rank", cli.quiet);
  try {
    const ranker = await createRanker(factory, cli, bar);
    const cache = new PairCache();
    const results: RankResult[] = [];
    let done = 0;
    for (const ex of loaded.examples) {
      const r = await rankExample(ex, ranker, cli.settings, cache, {
        signal: io.signal,
        onProgress: loaded.examples.length === 1 ? (e) => bar.event(e) : undefined,
      });
      results.push(r);
      if (loaded.examples.length > 1) bar.update(++done, loaded.examples.length);
      if (!cli.json) io.out(formatRanking(ex, r) + "\n\n" + formatMatrix(ex, r) + "\n\n");
    }
    bar.finish();
    if (cli.json) io.out(JSON.stringify({ items: results.map(rankJson), issues: loaded.issues, badRecords: loaded.badRecords }) + "\n");
    reportRankerIssues(ranker, io);
    await ranker.dispose?.();
    return reportLoadIssues(loaded, io);
  } finally {
    await factory.close();
  }
};
