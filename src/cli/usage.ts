// What `answer-blender [command] --help` prints: the overview, and one usage per command.

const RANK_OPTIONS = `Rank options (rank, blend, eval):
  --ranker builtin|pairrm|reward|judge|council|length|random   the ranker (default builtin, offline)
  --model DIR|HUB_ID          model folder or hub id (pairrm, reward)
  --plan full|bubble|knockout|topk              comparison plan (default full)
  --aggregate max-logits|max-wins|copeland|bradley-terry   (default max-logits)
  --seed N                    seed for the plans and the random ranker (default 0)
  --top-k K                   winners the topk plan finds; answers blend fuses (default 3)
  --dtype fp32|int8  --threads N  --batch-size N   model inference
  --endpoints FILE --judge-endpoint ID          the judge ranker's endpoint (council: the answering endpoints)
  --judge-mode pairwise|listwise  --judge-orders K   listwise: one request ranks all answers, K orders (default 2)
  --dry-run                   print the requests the run would send to models, and stop
  --remote URL --remote-model NAME   run pairrm/reward on an Open Inference Protocol server
                              (Triton, KServe; docs/remote.md); token from $ANSWER_BLENDER_REMOTE_TOKEN
  --remote-concurrency N (default 4)  --remote-timeout S  --remote-token-env VAR
  --cache-dir DIR  --offline  where hub models are cached; never download
  --max-answer-bytes N        the answer size limit for answer files (default 2 MiB)
  --json  --quiet  --verbose  one JSON document on stdout; no progress; engine log lines`;

const INPUT = `<input> is a blend-set JSON/JSONL file, a MixInstruct JSON/JSONL file, a folder of answer
files, several answer files, or one Markdown file with a "## <model>" section per answer.`;

const EXIT = `--debug prints the stack trace of a failure.
Exit codes: 0 ok, 2 bad input, 1 other failure, 130 cancelled.`;

export const COMMAND_USAGE: Record<string, string> = {
  rank: `Usage: answer-blender rank <input…> [rank options] [--prompt TEXT] [--out FILE [--resume]]

Ranks the answers of each example: a table and the pairwise matrix, or --json.
--prompt TEXT is the prompt for loose answer files or a folder (instead of its prompt.md).
  --out FILE                  one JSON line per ranked record, written as each is done
  --resume                    continue the run that wrote --out FILE: records already there are skipped

${RANK_OPTIONS}

${INPUT}
${EXIT}`,
  blend: `Usage: answer-blender blend <input…> [rank options] [fuse options] [--prompt TEXT] [--json|--markdown]

Ranks, then fuses the top K answers; the top-ranked original is always shown too.

Fuse options:
  --fuser extractive|genfuser|llm|none   (default extractive, offline)
  --fuser-model DIR|HUB_ID  --fuser-dtype fp32|int8   GenFuser's model
  --fuser-endpoint ID         the llm fuser's endpoint (with --endpoints FILE)
  --num-beams N  --max-new-tokens N      GenFuser generation
  --markdown                  one Markdown report per example

${RANK_OPTIONS}

${INPUT}
${EXIT}`,
  eval: `Usage: answer-blender eval <dataset> [rank options] [--baseline RANKER] [--tie-margin X] [--limit N] [--out FILE [--resume]]

Agreement of a ranker with the judge's "judgments" or "scores": pairwise accuracy (with its
standard error), Spearman, the judge's rank of the ranker's pick. The dataset streams: any size.
  --baseline RANKER           a second ranker on the very same judge pairs (paired difference)
  --tie-margin X              judge scores closer than X are ties (default 0.1)
  --limit N                   the first N examples only
  --json                      one JSON document, with "issues" and "badRecords"
  --out FILE                  also one JSON line per evaluated example, written as each is done
  --resume                    continue the run that wrote --out FILE: its examples count, unranked

${RANK_OPTIONS}

${EXIT}`,
  collect: `Usage: answer-blender collect --prompt TEXT --endpoints FILE [--out FILE] [options]

Asks every endpoint with the answer role the same prompt and writes one blend-set record
(failed endpoints in "errors"). Ctrl-C writes what arrived, the rest listed as cancelled.
  --input TEXT  --id ID       the record's input and id
  --out FILE                  where the record goes (default stdout)
  --timeout SECONDS  --retries N  --concurrency N
  --max-answer-bytes N        the answer size limit (default 2 MiB)
  --dry-run                   print the requests it would send, and stop
  --quiet

${EXIT}`,
  convert: `Usage: answer-blender convert alpaca-eval|autoj|vicuna-bench [--data DIR] [--out FILE] [options]

Turns a ../shared/data source into blend-set JSONL.
  --data DIR                  the data folder (default $ANSWER_BLENDER_DATA or ../shared/data)
  --out FILE                  default stdout
  alpaca-eval: --annotator NAME --subset S --exclude-subset S --candidates N --seed N --limit N --keep-adversarial

${EXIT}`,
  models: `Usage:
  answer-blender models list [--cache-dir DIR] [--json]
  answer-blender models pull ID [--cache-dir DIR] [--dtype fp32|int8|all] [--files a,b,…]
  answer-blender models export-triton --model DIR|HUB_ID --out REPO [--name NAME] [--dtype fp32|int8]
                                      [--max-batch-size N] [--cache-dir DIR] [--offline]

ID is a hub id (owner/name) of an exported model whose repository has a manifest.json
(PairRM: docs/pairrm.md; reward models: docs/ranking-models.md).
Models are cached in --cache-dir, $ANSWER_BLENDER_CACHE or ~/.cache/answer-blender/models;
the hub is $ANSWER_BLENDER_HUB_URL or https://huggingface.co.
export-triton writes a Triton model repository (REPO/NAME/config.pbtxt, REPO/NAME/1/model.onnx)
for --remote (docs/remote.md); NAME defaults to the engine (pairrm, reward).`,
};

export const USAGE = `answer-blender — rank and fuse LLM answers (LLM-Blender in your editor and terminal)

Usage:
  answer-blender rank    <input…> [--ranker builtin|pairrm|reward|judge|council|length|random] [--model DIR|HUB_ID]
                         [--plan full|bubble|knockout|topk] [--aggregate max-logits|max-wins|copeland|bradley-terry]
                         [--seed N] [--top-k K] [--dtype fp32|int8] [--threads N] [--batch-size N]
                         [--endpoints FILE --judge-endpoint ID] [--judge-mode pairwise|listwise] [--judge-orders K]
                         [--prompt TEXT] [--offline] [--verbose] [--dry-run] [--json | --out FILE [--resume]]
                         [--remote URL --remote-model NAME [--remote-concurrency N] [--remote-timeout S] [--remote-token-env VAR]]
  answer-blender blend   <input…> [rank options] [--fuser extractive|genfuser|llm|none] [--fuser-model DIR|HUB_ID]
                         [--fuser-dtype fp32|int8] [--fuser-endpoint ID] [--num-beams N] [--max-new-tokens N] [--top-k K] [--json|--markdown]
  answer-blender eval    <dataset> [rank options] [--baseline RANKER] [--tie-margin X] [--limit N] [--json] [--out FILE [--resume]]
  answer-blender collect --prompt TEXT --endpoints FILE [--out FILE] [--dry-run]
  answer-blender convert alpaca-eval|autoj|vicuna-bench [--data DIR] [--out FILE] [options]
  answer-blender models  list | pull ID | export-triton --model DIR --out REPO

answer-blender COMMAND --help (or -h) shows the command's options.

${INPUT}
${EXIT}`;

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  return head.includes("--help") || head.includes("-h");
}
