"""Exports llm-blender/PairRM-hf (DeBERTa-v3-large + PairRM head) to the folder layout the
`pairrm` ranker loads:

    OUT/config.json                 DeBERTa-v2 config (+ PairRM's marker ids)
    OUT/tokenizer.json ...          tokenizer files, incl. <|source|> <|candidate1|> <|candidate2|> <|candidate|>
    OUT/onnx/model.onnx             fp32 graph: input_ids, attention_mask (int64 [batch, seq]) -> logits (float [batch])
    OUT/onnx/model_quantized.onnx   dynamic int8 (with --int8)
    OUT/manifest.json               engine, lengths, markers, every file with size + sha256

Needs (on a machine with internet access or a local copy of the model):
    pip install torch transformers sentencepiece protobuf onnx safetensors huggingface_hub
Run from the repository root:
    python3 models/pairrm/export.py --out models/pairrm/PairRM-onnx --int8
then:
    answer-blender rank answers.jsonl --ranker pairrm --model models/pairrm/PairRM-onnx

The marker gather + head come from models/common/pairrm_wrapper.py, the same module that
builds the tested fixture test/fixtures/tiny-pairrm.
"""
import argparse
import glob
import os
import sys

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, ROOT)
from models.common.pairrm_wrapper import MARKERS, PairRMScorer, export_onnx, make_head, pair_input_ids, write_manifest  # noqa: E402
from models.common.quantize_int8 import quantize_dynamic_int8  # noqa: E402

TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "spm.model", "added_tokens.json"]


class DebertaEncoder(nn.Module):
    """DebertaV2Model returning only the last hidden states, as the wrapper expects."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def local_snapshot(model):
    """A local folder with the model's files: `model` itself if it is a folder, else a hub download."""
    if os.path.isdir(model):
        return model
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.model", "*.safetensors", "*.bin", "*.txt"]
    return snapshot_download(model, allow_patterns=patterns)


def load_state_dict(folder):
    shards = sorted(glob.glob(os.path.join(folder, "*.safetensors")))
    if shards:
        from safetensors.torch import load_file

        state = {}
        for s in shards:
            state.update(load_file(s))
        return state
    bins = sorted(glob.glob(os.path.join(folder, "pytorch_model*.bin")))
    if not bins:
        sys.exit(f"no *.safetensors or pytorch_model*.bin weights in {folder}")
    state = {}
    for b in bins:
        state.update(torch.load(b, map_location="cpu"))
    return state


def build_scorer(folder, tokenizer):
    from transformers import DebertaV2Config, DebertaV2Model

    config = DebertaV2Config.from_pretrained(folder)
    marker_ids = {name: tokenizer.convert_tokens_to_ids(tok) for name, tok in MARKERS.items()}
    if any(i is None or i == tokenizer.unk_token_id for i in marker_ids.values()):
        sys.exit(f"the tokenizer in {folder} lacks PairRM's marker tokens {list(MARKERS.values())}: is this PairRM-hf?")
    for name, field in [("source", "source_prefix_id"), ("candidate1", "cand1_prefix_id"), ("candidate2", "cand2_prefix_id")]:
        expected = getattr(config, field, None)
        if expected is not None and expected != marker_ids[name]:
            sys.exit(f"config.{field} = {expected} but the tokenizer has {MARKERS[name]} = {marker_ids[name]}")
    state = load_state_dict(folder)
    backbone = DebertaV2Model(config)
    missing, unexpected = backbone.load_state_dict({k[len("pretrained_model."):]: v for k, v in state.items() if k.startswith("pretrained_model.")}, strict=False)
    missing = [k for k in missing if "position_ids" not in k]
    if missing:
        sys.exit(f"backbone weights missing from the checkpoint: {missing[:5]}…")
    head = make_head(config.hidden_size, getattr(config, "drop_out", 0.05))
    head.load_state_dict({k[len("head_layer."):]: v for k, v in state.items() if k.startswith("head_layer.")})
    scorer = PairRMScorer(DebertaEncoder(backbone), head, marker_ids["source"], marker_ids["candidate1"], marker_ids["candidate2"]).eval()
    return scorer, config, marker_ids


def check_with_onnxruntime(path, scorer, examples):
    """Compares the ONNX graph with torch on a few pairs, if onnxruntime is installed."""
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: skipping the ONNX-vs-torch check")
        return
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    for ids in examples:
        t = torch.tensor([ids], dtype=torch.int64)
        with torch.no_grad():
            expected = float(scorer(t, torch.ones_like(t))[0])
        got = float(session.run(["logits"], {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)})[0][0])
        print(f"  torch {expected:+.5f}  onnx {got:+.5f}  |diff| {abs(expected - got):.2e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="llm-blender/PairRM-hf", help="hub id or local folder of the HF-format PairRM")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--int8", action="store_true", help="also write onnx/model_quantized.onnx (dynamic int8)")
    ap.add_argument("--source-max", type=int, default=1224)
    ap.add_argument("--candidate-max", type=int, default=412)
    ap.add_argument("--opset", type=int, default=14)
    args = ap.parse_args()

    from transformers import AutoTokenizer

    folder = local_snapshot(args.model)
    tokenizer = AutoTokenizer.from_pretrained(folder, use_fast=True)
    scorer, config, marker_ids = build_scorer(folder, tokenizer)
    os.makedirs(args.out, exist_ok=True)
    tokenizer.save_pretrained(args.out)
    config.save_pretrained(args.out)

    def encode(text):
        return tokenizer.encode(text, add_special_tokens=False)

    def layout(source, a, b):
        return pair_input_ids(encode, tokenizer.cls_token_id, tokenizer.sep_token_id, marker_ids, source, a, b, args.source_max, args.candidate_max)

    examples = [
        layout("What is the capital of France?", "Paris is the capital of France.", "I am not sure."),
        layout("Write a haiku about autumn.", "Leaves fall, the wind sighs, the year turns to sleep.", "Autumn is a season."),
    ]
    onnx_path = os.path.join(args.out, "onnx", "model.onnx")
    print(f"exporting {onnx_path} (opset {args.opset}) …")
    export_onnx(scorer, onnx_path, examples[0], opset=args.opset)
    check_with_onnxruntime(onnx_path, scorer, examples)
    files = [(f, {}) for f in ["config.json", *TOKENIZER_FILES] if os.path.exists(os.path.join(args.out, f))]
    files.append(("onnx/model.onnx", {"dtype": "fp32"}))
    if args.int8:
        q_path = os.path.join(args.out, "onnx", "model_quantized.onnx")
        print(f"quantizing {q_path} …")
        quantize_dynamic_int8(onnx_path, q_path)
        files.append(("onnx/model_quantized.onnx", {"dtype": "int8"}))
    model_id = args.model if not os.path.isdir(args.model) else os.path.basename(os.path.normpath(args.model))
    write_manifest(args.out, model_id, f"PairRM ({model_id}) exported to ONNX by models/pairrm/export.py", args.source_max, args.candidate_max, marker_ids, files)
    print(f"done: {args.out}\n  answer-blender rank INPUT --ranker pairrm --model {args.out}")


if __name__ == "__main__":
    main()
