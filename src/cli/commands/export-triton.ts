// `answer-blender models export-triton --model DIR|HUB_ID --out REPO`: a Triton model
// repository for a pairrm / reward model's ONNX graph (docs/remote.md).
import { basename, join, resolve } from "node:path";
import { InputError } from "../../core/errors";
import { onnxFileFor } from "../../core/models/manifest";
import { resolveModel } from "../../core/models/resolve";
import { DEFAULT_MAX_BATCH_SIZE, exportTritonRepository, tritonNameProblem } from "../../core/remote/triton-export";
import { checkKnown, flagNumber, flagString, parseArgs } from "../args";
import type { Command } from "../io";

export const exportTritonCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, ["offline"]);
  checkKnown(p, ["model", "out", "name", "dtype", "max-batch-size", "cache-dir", "offline"]);
  if (p.positional.length) throw new InputError(`models export-triton takes no positional arguments (got "${p.positional[0]}"); use --model DIR --out REPO`);
  const spec = flagString(p, "model");
  const out = flagString(p, "out");
  if (!spec || !out) throw new InputError("models export-triton needs --model DIR|HUB_ID and --out REPO");
  const dtype = flagString(p, "dtype") ?? "fp32";
  if (dtype !== "fp32" && dtype !== "int8") throw new InputError(`option --dtype must be fp32 or int8, got "${dtype}"`);
  const maxBatchSize = flagNumber(p, "max-batch-size", { min: 0, integer: true }) ?? DEFAULT_MAX_BATCH_SIZE;
  const cacheDir = flagString(p, "cache-dir") ?? io.env.ANSWER_BLENDER_CACHE;
  // First the folder and its manifest (which names the ONNX file of each dtype), then that file.
  const first = await resolveModel(spec, { requiredFiles: [], cacheDir, allowDownload: !p.flags.has("offline"), signal: io.signal });
  const manifest = first.manifest ?? null;
  const onnxFile = onnxFileFor(manifest, dtype);
  const data = (manifest?.files ?? []).map((f) => f.path).filter((f) => f === `${onnxFile}_data` || f === `${onnxFile}.data`);
  const resolved = await resolveModel(spec, { requiredFiles: [onnxFile, ...data], cacheDir, allowDownload: !p.flags.has("offline"), signal: io.signal });
  const name = flagString(p, "name") ?? manifest?.engine ?? basename(resolved.dir);
  const problem = tritonNameProblem(name);
  if (problem) throw new InputError(`option --name: ${problem}`);
  const repo = resolve(out);
  const result = exportTritonRepository({ onnxPath: join(resolved.dir, onnxFile), repo, name, maxBatchSize });
  for (const f of result.files) io.out(join(repo, f) + "\n");
  const c = result.config;
  io.err(
    `wrote model "${name}" (inputs ${c.inputs.map((t) => t.name).join(", ")}; outputs ${c.outputs.map((t) => t.name).join(", ")}; max_batch_size ${c.maxBatchSize}) to ${repo}\n` +
      `serve it:  tritonserver --model-repository ${repo}\n` +
      `rank on it: answer-blender rank <input> --ranker ${manifest?.engine ?? "pairrm|reward"} --model ${spec} --remote http://HOST:8000 --remote-model ${name}\n`,
  );
  return 0;
};
