"""Writes a random-weight PairRM-compatible model of BERT-base shape (12 layers x 768,
12 heads, FFN 3072, sequences up to 512 tokens) into bench/models/pairrm-base/ (git-ignored):
the same input/output and marker gather + head as the real export, the fixture's tokenizer,
fp32 and dynamic-int8 ONNX files, and a manifest. For throughput figures only: the weights
are random, the scores meaningless.

    /usr/bin/python3 bench/pairrm-throughput/make-base-model.py
"""
import json
import os
import shutil
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, ROOT)
from models.common.pairrm_wrapper import MARKERS, PairRMScorer, export_onnx, make_head, write_manifest  # noqa: E402
from models.common.plain_encoder import PlainEncoder  # noqa: E402
from models.common.quantize_int8 import quantize_dynamic_int8  # noqa: E402

FIXTURE = os.path.join(ROOT, "test", "fixtures", "tiny-pairrm")
OUT = os.path.join(ROOT, "bench", "models", "pairrm-base")
SOURCE_MAX, CANDIDATE_MAX = 224, 144  # total 512


def main():
    torch.manual_seed(0)
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    for f in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copy(os.path.join(FIXTURE, f), os.path.join(OUT, f))
    ref = json.load(open(os.path.join(FIXTURE, "reference.json"), encoding="utf-8"))
    ids = ref["special_ids"]
    marker_ids = {name: ids[name] for name in MARKERS}
    vocab = max(ids.values()) + 1
    encoder = PlainEncoder(vocab, 768, 12, 12, 3072, SOURCE_MAX + 2 * CANDIDATE_MAX)
    scorer = PairRMScorer(encoder, make_head(768), marker_ids["source"], marker_ids["candidate1"], marker_ids["candidate2"]).eval()
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump({"model_type": "deberta-v2", "hidden_size": 768, "num_hidden_layers": 12, "note": "random-weight benchmark model"}, f)
    export_onnx(scorer, os.path.join(OUT, "onnx", "model.onnx"), ref["pairs"][0]["input_ids"])
    quantize_dynamic_int8(os.path.join(OUT, "onnx", "model.onnx"), os.path.join(OUT, "onnx", "model_quantized.onnx"))
    files = [("config.json", {}), ("tokenizer.json", {}), ("tokenizer_config.json", {}), ("onnx/model.onnx", {"dtype": "fp32"}), ("onnx/model_quantized.onnx", {"dtype": "int8"})]
    write_manifest(OUT, "bench/pairrm-base", "random-weight BERT-base-shaped PairRM-compatible benchmark model", SOURCE_MAX, CANDIDATE_MAX, marker_ids, files)
    for rel, _ in files[3:]:
        print(f"{rel}: {os.path.getsize(os.path.join(OUT, rel)) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
