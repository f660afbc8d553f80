// The models Answer Blender recommends: what each is, its size, benchmark figures (with
// their source), license, and how to get it in the ONNX layout the engines load. The VS Code
// "Download a Ranking Model…" pick and docs/ranking-models.md show the same facts.

export type ModelEngine = "pairrm" | "reward" | "genfuser";

export interface CatalogModel {
  /** Stable key (used in tests and settings). */
  key: string;
  name: string;
  engine: ModelEngine;
  /** Where the original weights are published (Hugging Face id). */
  source: string;
  license: string;
  /** Parameter count, as the model card gives it. */
  params: string;
  /** Approximate size of the ONNX export in bytes (fp32, int8 when the export writes one). */
  sizes: { fp32: number; int8?: number };
  /** RewardBench accuracy (%), v1 and v2, with where the figures are from. */
  rewardBench?: { v1?: number; v2?: number; source: string };
  /**
   * A hub repository holding a ready export in this project's layout (with manifest.json);
   * absent when none is known, and the user exports the model with `exportCommand`.
   */
  onnxRepo?: string;
  /** The command (run from the repository root, Python with torch + transformers) that writes the export. */
  exportCommand: string;
}

const GB = 1e9;
const SKYWORK_V2 = "Skywork-Reward-V2 README (github.com/SkyworkAI/Skywork-Reward-V2), evaluation table";

const rewardExport = (id: string, out: string) => `python3 models/reward/export.py --model ${id} --out ${out} --int8`;

export const RANKING_MODELS: readonly CatalogModel[] = [
  {
    key: "skywork-reward-v2-qwen3-0.6b",
    name: "Skywork-Reward-V2-Qwen3-0.6B",
    engine: "reward",
    source: "Skywork/Skywork-Reward-V2-Qwen3-0.6B",
    license: "Apache-2.0",
    params: "0.6B",
    sizes: { fp32: 2.4 * GB, int8: 1.1 * GB },
    rewardBench: { v1: 85.2, v2: 61.3, source: SKYWORK_V2 },
    exportCommand: rewardExport("Skywork/Skywork-Reward-V2-Qwen3-0.6B", "models/reward/Skywork-Reward-V2-Qwen3-0.6B-onnx"),
  },
  {
    key: "skywork-reward-v2-llama-3.2-1b",
    name: "Skywork-Reward-V2-Llama-3.2-1B",
    engine: "reward",
    source: "Skywork/Skywork-Reward-V2-Llama-3.2-1B",
    license: "Llama 3.2 Community License",
    params: "1.2B",
    sizes: { fp32: 4.9 * GB, int8: 2.0 * GB },
    rewardBench: { v1: 89.9, v2: 64.3, source: SKYWORK_V2 },
    exportCommand: rewardExport("Skywork/Skywork-Reward-V2-Llama-3.2-1B", "models/reward/Skywork-Reward-V2-Llama-3.2-1B-onnx"),
  },
  {
    key: "skywork-reward-v2-qwen3-1.7b",
    name: "Skywork-Reward-V2-Qwen3-1.7B",
    engine: "reward",
    source: "Skywork/Skywork-Reward-V2-Qwen3-1.7B",
    license: "Apache-2.0",
    params: "1.7B",
    sizes: { fp32: 6.9 * GB, int8: 2.6 * GB },
    rewardBench: { v1: 90.3, v2: 68.3, source: SKYWORK_V2 },
    exportCommand: rewardExport("Skywork/Skywork-Reward-V2-Qwen3-1.7B", "models/reward/Skywork-Reward-V2-Qwen3-1.7B-onnx"),
  },
  {
    key: "pairrm",
    name: "PairRM (LLM-Blender)",
    engine: "pairrm",
    source: "llm-blender/PairRM-hf",
    license: "MIT",
    params: "0.4B",
    sizes: { fp32: 1.7 * GB, int8: 0.8 * GB },
    rewardBench: { v1: 59.2, source: "RewardBench paper (Lambert et al., 2024), results table" },
    exportCommand: "python3 models/pairrm/export.py --out models/pairrm/PairRM-onnx --int8",
  },
  {
    key: "genfuser",
    name: "GenFuser (LLM-Blender, Flan-T5-XL)",
    engine: "genfuser",
    source: "llm-blender/gen_fuser_3b",
    license: "see the model card (base model Flan-T5-XL: Apache-2.0)",
    params: "3B",
    sizes: { fp32: 11.4 * GB },
    exportCommand:
      "optimum-cli export onnx --model llm-blender/gen_fuser_3b --task text2text-generation-with-past gen_fuser_3b-export/ && python3 models/genfuser/arrange_export.py gen_fuser_3b-export/ models/genfuser/gen_fuser_3b-onnx/",
  },
];

/** "2.4 GB", "850 MB", "650 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  return bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} KB`;
}

/** The setting keys an engine's model goes into: the ranker or the fuser. */
export function settingsFor(engine: ModelEngine): { role: "ranker" | "fuser"; modelSetting: string } {
  return engine === "genfuser" ? { role: "fuser", modelSetting: "genfuser.model" } : { role: "ranker", modelSetting: `${engine}.model` };
}
