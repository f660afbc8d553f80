// Which files a GenFuser model folder needs, in transformers.js's seq2seq layout.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../../../errors";

export type Seq2SeqDtype = "fp32" | "q8";

export const CONFIG_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"];

/** ONNX files transformers.js reads for a seq2seq model: "fp32" onnx/*.onnx, "q8" onnx/*_quantized.onnx. */
export function seq2seqOnnxFiles(dtype: Seq2SeqDtype): string[] {
  const suffix = dtype === "q8" ? "_quantized" : "";
  return [`onnx/encoder_model${suffix}.onnx`, `onnx/decoder_model_merged${suffix}.onnx`];
}

/**
 * External-data files (`x.onnx_data`, `x.onnx_data_1`, …) that config.json's
 * `transformers.js_config.use_external_data_format` declares for the given ONNX files
 * (true = one file each; a number = that many; an object = per file name).
 */
export function externalDataFiles(config: unknown, onnxFiles: string[]): string[] {
  const flag = (config as { "transformers.js_config"?: { use_external_data_format?: unknown } } | null)?.["transformers.js_config"]?.use_external_data_format;
  if (!flag) return [];
  const out: string[] = [];
  for (const file of onnxFiles) {
    const base = file.slice(file.lastIndexOf("/") + 1);
    const raw = typeof flag === "object" ? ((flag as Record<string, unknown>)[base] ?? (flag as Record<string, unknown>)[base.replace(/(_quantized)?\.onnx$/, "")]) : flag;
    const n = Number(raw ?? 0);
    for (let i = 0; i < n; i++) out.push(`${file}_data${i === 0 ? "" : "_" + i}`);
  }
  return out;
}

export function readConfig(dir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  } catch (e) {
    throw new ModelError(`${join(dir, "config.json")} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
