import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { convertAlpacaEval } from "../../core/convert/alpaca-eval";
import { convertAutoJ } from "../../core/convert/autoj";
import { convertVicunaBench } from "../../core/convert/vicuna-bench";
import { InputError } from "../../core/errors";
import { defaultDataDir } from "../../core/paths";
import type { BlendExample } from "../../core/types";
import { checkKnown, flagNumber, flagString, parseArgs } from "../args";
import type { Command } from "../io";

const SOURCES = ["alpaca-eval", "autoj", "vicuna-bench"];

/** Turns a ../shared/data source into blend-set JSONL (stdout or --out). */
export const convertCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, ["keep-adversarial"]);
  checkKnown(p, ["data", "out", "annotator", "subset", "exclude-subset", "candidates", "seed", "limit", "keep-adversarial"]);
  const source = p.positional[0];
  if (!source || !SOURCES.includes(source)) throw new InputError(`convert needs a source: ${SOURCES.join(", ")}`);
  const dataDir = flagString(p, "data") ?? defaultDataDir(io.env);
  let examples: BlendExample[];
  if (source === "autoj") examples = convertAutoJ(dataDir);
  else if (source === "vicuna-bench") examples = convertVicunaBench(dataDir);
  else
    examples = convertAlpacaEval(dataDir, {
      annotator: flagString(p, "annotator"),
      subset: flagString(p, "subset"),
      excludeSubset: flagString(p, "exclude-subset"),
      candidates: flagNumber(p, "candidates", { min: 2, integer: true }),
      seed: flagNumber(p, "seed", { integer: true }),
      limit: flagNumber(p, "limit", { min: 1, integer: true }),
      keepAdversarial: p.flags.has("keep-adversarial"),
    });
  const jsonl = examples.map((e) => JSON.stringify(e)).join("\n") + (examples.length ? "\n" : "");
  const out = flagString(p, "out");
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, jsonl);
    io.err(`wrote ${examples.length} examples to ${out}\n`);
  } else io.out(jsonl);
  return 0;
};
