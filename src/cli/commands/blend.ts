import { blendExample } from "../../core/blend";
import { EngineFactory } from "../../core/engines";
import type { EngineOptions } from "../../core/engine-options";
import { NO_ADDITIONS } from "../../core/fuse/fuser";
import { InputError } from "../../core/errors";
import { PairCache } from "../../core/rank/pair-cache";
import type { BlendResult } from "../../core/types";
import { blendJson } from "../../core/result-json";
import { blendReportMarkdown } from "../../core/export/markdown-report";
import { checkKnown, flagNumber, flagString, parseArgs } from "../args";
import type { Command } from "../io";
import { formatIssues, formatMatrix, formatRanking, oneLine } from "../format";
import { budgetOf, reportBudget } from "../budget";
import { escapeControlsKeepLines } from "../../core/display-text";
import { loadForCli, reportLoadIssues } from "../load-for-cli";
import { ProgressBar } from "../progress";
import { createRanker, parseRankCli, RANK_BOOLEANS, RANK_FLAGS, reportRankerIssues } from "../rank-options";

export const DEFAULT_FUSER = "extractive";
const FUSE_FLAGS = ["fuser", "fuser-model", "fuser-dtype", "fuser-endpoint", "num-beams", "max-new-tokens", "prompt", "markdown"];

export const blendCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, [...RANK_BOOLEANS, "markdown"]);
  checkKnown(p, [...RANK_FLAGS, ...FUSE_FLAGS]);
  if (p.positional.length === 0) throw new InputError("blend needs an <input> (blend-set/MixInstruct file, folder, or answer files)");
  const cli = await parseRankCli(p, io);
  const markdown = p.flags.has("markdown");
  if (markdown && cli.json) throw new InputError("--markdown and --json cannot be used together");
  // Text output streams as it goes; JSON and Markdown are written whole.
  const text = !cli.json && !markdown;
  const fuserName = flagString(p, "fuser") ?? DEFAULT_FUSER;
  const fuserEndpoint = flagString(p, "fuser-endpoint");
  if (fuserName === "llm" && (!cli.rankerOptions.endpoints || !fuserEndpoint)) throw new InputError("--fuser llm needs --endpoints FILE and --fuser-endpoint ID");
  const fuserDtype = flagString(p, "fuser-dtype");
  if (fuserDtype !== undefined && fuserDtype !== "fp32" && fuserDtype !== "int8") throw new InputError(`option --fuser-dtype must be fp32 or int8, got "${fuserDtype}"`);
  const fuserOptions: EngineOptions = {
    model: flagString(p, "fuser-model"),
    dtype: fuserDtype,
    cacheDir: cli.rankerOptions.cacheDir,
    allowDownload: cli.rankerOptions.allowDownload,
    threads: cli.rankerOptions.threads,
    seed: cli.rankerOptions.seed,
    endpoints: cli.rankerOptions.endpoints,
    endpoint: fuserEndpoint,
    numBeams: flagNumber(p, "num-beams", { min: 1, integer: true }),
    maxNewTokens: flagNumber(p, "max-new-tokens", { min: 1, integer: true }),
  };
  const loaded = await loadForCli(p.positional, { prompt: flagString(p, "prompt"), maxFileBytes: cli.maxAnswerBytes });
  const budget = budgetOf(cli, loaded.examples, { rankers: [cli.rankerName], chatFuser: fuserName === "llm" });
  if (budget && reportBudget(io, cli, budget)) return reportLoadIssues(loaded, io);
  const factory = new EngineFactory();
  const bar = new ProgressBar(io, "blend", cli.quiet);
  try {
    const ranker = await createRanker(factory, cli, bar);
    const fuser = await factory.fuser(fuserName, fuserOptions, { onProgress: (e) => bar.event(e), log: cli.log });
    const cache = new PairCache();
    const results: BlendResult[] = [];
    for (const ex of loaded.examples) {
      let streamed = false;
      const b = await blendExample(ex, ranker, fuser, { ...cli.settings, fuseTopK: cli.settings.topK }, {
        signal: io.signal,
        cache,
        onProgress: (e) => bar.event(e),
        onRanked: (r) => {
          bar.finish();
          if (text) io.out(formatRanking(ex, r) + "\n\n" + formatMatrix(ex, r) + "\n\n");
        },
        onToken: !text
          ? undefined
          : (t) => {
              if (!streamed) io.out(`-- fused answer (${fuser.label}, streaming)\n`);
              streamed = true;
              io.out(escapeControlsKeepLines(t));
            },
      });
      bar.finish();
      results.push(b);
      if (markdown) io.out(blendReportMarkdown(b) + "\n");
      if (text) {
        if (b.fused?.unchanged) io.out(`-- ${oneLine(b.fused.label)}, top ${b.fused.topK}: ${NO_ADDITIONS}\n\n`);
        else if (b.fused) {
          const head = `${b.fused.label}, top ${b.fused.topK}: ${b.fused.sources.map(oneLine).join(", ")}`;
          io.out(streamed ? `\n-- (${head})\n\n` : `-- fused answer (${head})\n${escapeControlsKeepLines(b.fused.text)}\n\n`);
        }
        io.out(`-- top-ranked original answer (${oneLine(b.top.model)})\n${escapeControlsKeepLines(b.top.text)}\n\n`);
        const own = formatIssues(b.issues.filter((i) => !(ex.errors ?? []).includes(i)), 0);
        if (own) io.err(own + "\n");
      }
    }
    if (cli.json) io.out(JSON.stringify({ items: results.map(blendJson), issues: loaded.issues, badRecords: loaded.badRecords }) + "\n");
    reportRankerIssues(ranker, io);
    await ranker.dispose?.();
    await fuser.dispose?.();
    return reportLoadIssues(loaded, io);
  } finally {
    await factory.close();
  }
};
