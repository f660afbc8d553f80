import { LoadTally, openInputs } from "../../core/candidates/load";
import { EngineFactory } from "../../core/engines";
import { PairCache } from "../../core/rank/pair-cache";
import { rankExample } from "../../core/rank/rank-example";
import { rankJson } from "../../core/result-json";
import { checkKnown, flagString, parseArgs } from "../args";
import { InputError } from "../../core/errors";
import type { Command } from "../io";
import { formatMatrix, formatRanking } from "../format";
import { JsonItemsWriter } from "../json-items";
import { noUsableExamples, reportLoadIssues } from "../load-for-cli";
import { ProgressBar } from "../progress";
import { budgetPass, reportBudget } from "../budget";
import { createRanker, parseRankCli, RANK_BOOLEANS, RANK_FLAGS, reportRankerIssues } from "../rank-options";
import { openRankResults, RESUME_FLAGS, resumeTarget, runKey } from "../resume";
import type { ResultsFile } from "../results-file";

export const rankCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, [...RANK_BOOLEANS, "resume"]);
  checkKnown(p, [...RANK_FLAGS, "prompt", ...RESUME_FLAGS]);
  if (p.positional.length === 0) throw new InputError("rank needs an <input> (blend-set/MixInstruct file, folder, or answer files)");
  const cli = await parseRankCli(p, io);
  const open = () => openInputs(p.positional, { prompt: flagString(p, "prompt"), maxFileBytes: cli.maxAnswerBytes });
  // --out: one JSON line per ranked record, written as it is done; --resume skips those already there.
  const target = resumeTarget(p);
  if (target && cli.json && !cli.dryRun) throw new InputError("--json prints the results on stdout; --out writes them to a file: use one of them");
  const key = runKey("rank", cli);
  const results: ResultsFile | undefined = target ? await openRankResults(target, key, io) : undefined;
  const doneBefore = results?.done.skipper();
  const counted = await budgetPass(cli, open, { rankers: [cli.rankerName], chatFuser: false, ranks: (ex) => !doneBefore?.(ex.id) });
  if (counted && reportBudget(io, cli, counted.budget)) return reportLoadIssues(counted.load, io);
  const input = await open();
  const factory = new EngineFactory();
  const bar = new ProgressBar(io, "rank", cli.quiet);
  const load = new LoadTally();
  const json = cli.json ? new JsonItemsWriter(io) : null;
  try {
    const ranker = await createRanker(factory, cli, bar);
    const cache = new PairCache();
    // Datasets stream: each record is ranked, printed and forgotten. One folder or set of
    // answer files is one example, whose progress is its pairs.
    const many = input.hasDatasets;
    const done = results?.done.skipper();
    bar.reset();
    for await (const unit of input) {
      load.add(unit);
      const ex = unit.example;
      if (!ex || done?.(ex.id)) continue;
      const r = await rankExample(ex, ranker, cli.settings, cache, { signal: io.signal, onProgress: many ? undefined : (e) => bar.event(e) });
      if (many) {
        const at = input.progress();
        bar.update(at.done, at.total, `${load.examples} examples`, "bytes");
      }
      if (results) results.write({ ...rankJson(r), run: key });
      else if (json) json.item(rankJson(r));
      else io.out(formatRanking(ex, r) + "\n\n" + formatMatrix(ex, r) + "\n\n");
    }
    bar.finish();
    if (load.examples === 0) throw noUsableExamples(p.positional, load);
    json?.close({ issues: load.issues, badRecords: load.badRecords });
    if (results && !cli.quiet) io.err(`rank: ${results.count} records ranked now, ${results.done.count} from the earlier run; all in ${results.path}\n`);
    reportRankerIssues(ranker, io);
    await ranker.dispose?.();
    return reportLoadIssues(load, io);
  } catch (e) {
    bar.finish();
    json?.abort({ issues: load.issues, badRecords: load.badRecords });
    throw e;
  } finally {
    results?.close();
    await factory.close();
  }
};
