"""Writes a random-weight reward model of Qwen3-0.6B's shape (28 layers x 1024, 16 query and
8 key/value heads of 128, MLP 3072, vocabulary 151,936; models/common/qwen3_decoder.py) into
bench/models/reward-qwen3-0.6b/ (git-ignored): the reward graph and I/O of
models/common/reward_wrapper.py, the tiny-reward fixture's tokenizer and chat template,
fp32 (weights in onnx/model.onnx_data: over 2 GB) and dynamic-int8 ONNX files, a manifest.
For speed figures only: the weights are random, the scores meaningless.

    /usr/bin/python3 bench/reward-throughput/make-qwen3-model.py      # a few minutes, ~8 GB of RAM
"""
import json
import os
import shutil
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, ROOT)
from models.common.qwen3_decoder import QWEN3_0_6B, Qwen3Decoder  # noqa: E402
from models.common.quantize_int8 import quantize_dynamic_int8  # noqa: E402
from models.common.reward_wrapper import RewardScorer, export_onnx, write_reward_manifest  # noqa: E402

FIXTURE = os.path.join(ROOT, "test", "fixtures", "tiny-reward")
OUT = os.path.join(ROOT, "bench", "models", "reward-qwen3-0.6b")
MAX_TOKENS = 4096


def main():
    torch.manual_seed(0)
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    for f in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copy(os.path.join(FIXTURE, f), os.path.join(OUT, f))
    backbone = Qwen3Decoder(QWEN3_0_6B)
    scorer = RewardScorer(backbone, torch.nn.Linear(QWEN3_0_6B.hidden, 1, bias=False)).eval()
    with torch.no_grad():
        for name, p in scorer.named_parameters():
            if p.dim() > 1:
                p.normal_(0.0, 0.02)
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(backbone.config_json(note="random-weight benchmark model of Qwen3-0.6B's shape"), f, indent=2)
    ref = json.load(open(os.path.join(FIXTURE, "reference.json"), encoding="utf-8"))
    written = export_onnx(scorer, os.path.join(OUT, "onnx", "model.onnx"), ref["items"][0]["input_ids"])
    del scorer, backbone
    quantize_dynamic_int8(os.path.join(OUT, "onnx", "model.onnx"), os.path.join(OUT, "onnx", "model_quantized.onnx"))
    files = [("config.json", {}), ("tokenizer.json", {}), ("tokenizer_config.json", {})]
    files += [(os.path.relpath(p, OUT), {"dtype": "fp32"}) for p in written]
    files.append(("onnx/model_quantized.onnx", {"dtype": "int8"}))
    if os.path.exists(os.path.join(OUT, "onnx", "model_quantized.onnx_data")):
        files.append(("onnx/model_quantized.onnx_data", {"dtype": "int8"}))
    write_reward_manifest(OUT, "bench/reward-qwen3-0.6b", "random-weight reward model of Qwen3-0.6B's shape (benchmark only)", files, MAX_TOKENS)
    for rel, _ in files[3:]:
        print(f"{rel}: {os.path.getsize(os.path.join(OUT, rel)) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
