"""Exports a Hugging Face sequence-classification reward model (Skywork-Reward-V2 and the
like: Qwen3 / Llama *ForSequenceClassification with one label) to the folder layout the
`reward` ranker loads:

    OUT/config.json, tokenizer.json, tokenizer_config.json, …   the model's config and tokenizer (with its chat template)
    OUT/onnx/model.onnx (+ model.onnx_data)                     fp32 graph: input_ids, attention_mask, position_ids
                                                                (int64 [batch, sequence]) -> logits (float [batch, 1]);
                                                                weights over 2 GB go to model.onnx_data
    OUT/onnx/model_quantized.onnx                               dynamic int8 (with --int8)
    OUT/manifest.json                                           engine "reward", name, source, license, maxTokens,
                                                                every file with size + sha256

Run by you, once, on a machine with Python and internet access (never by the tests or CI):
    python3 -m venv .venv && . .venv/bin/activate
    pip install torch transformers onnx safetensors huggingface_hub
    python3 models/reward/export.py --model Skywork/Skywork-Reward-V2-Qwen3-0.6B \\
        --out models/reward/Skywork-Reward-V2-Qwen3-0.6B-onnx --int8
then:
    answer-blender rank answers.jsonl --ranker reward --model models/reward/Skywork-Reward-V2-Qwen3-0.6B-onnx

The score is read at each row's last real token (models/common/reward_wrapper.py, the module
that also builds the tested fixture test/fixtures/tiny-reward), which is what
*ForSequenceClassification computes for right-padded input.
"""
import argparse
import os
import sys

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, ROOT)
from models.common.quantize_int8 import quantize_dynamic_int8  # noqa: E402
from models.common.reward_wrapper import RewardScorer, export_onnx, positions_for, score_ids, write_reward_manifest  # noqa: E402

TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja"]
EXAMPLES = [
    ("What is the capital of France?", "Paris is the capital of France."),
    ("What is the capital of France?", "I am not sure, maybe Lyon."),
    ("Write a haiku about autumn.", "Leaves fall, the wind sighs,\nthe year turns to sleep."),
]


class Backbone(nn.Module):
    """The *ForSequenceClassification model's base model, returning its last hidden states."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def forward(self, input_ids, attention_mask, position_ids):
        return self.base(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids, use_cache=False).last_hidden_state


def load(model_id):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_id)
    # fp32 and eager attention: what exports cleanly and what onnxruntime's CPU kernels run.
    model = AutoModelForSequenceClassification.from_pretrained(model_id, torch_dtype=torch.float32, attn_implementation="eager", num_labels=1).eval()
    if model.config.num_labels != 1:
        sys.exit(f"{model_id} has {model.config.num_labels} labels; a reward model has one")
    base = getattr(model, model.base_model_prefix, None)
    head = getattr(model, "score", None)
    if base is None or not isinstance(head, nn.Linear):
        sys.exit(f"{model_id} ({type(model).__name__}) has no base model + `score` head: not a *ForSequenceClassification reward model")
    if not tokenizer.chat_template:
        sys.exit(f"the tokenizer of {model_id} has no chat template: the ranker needs one to read a conversation")
    return tokenizer, model, RewardScorer(Backbone(base), head).eval()


def conversation_ids(tokenizer, prompt, answer):
    """What the ranker feeds the model: the chat template's text without a leading BOS, tokenized with special tokens."""
    text = tokenizer.apply_chat_template([{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}], tokenize=False)
    if tokenizer.bos_token and text.startswith(tokenizer.bos_token):
        text = text[len(tokenizer.bos_token):]
    return tokenizer(text, add_special_tokens=True)["input_ids"]


def check(model, scorer, tokenizer, onnx_path):
    """Our wrapper against the model's own forward, and the ONNX graph against torch (if onnxruntime is installed)."""
    rows = [conversation_ids(tokenizer, p, a) for p, a in EXAMPLES]
    for ids in rows:
        t = torch.tensor([ids])
        with torch.no_grad():
            own = float(model(input_ids=t, attention_mask=torch.ones_like(t)).logits[0, 0])
        ours = score_ids(scorer, ids)
        print(f"  model {own:+.5f}  wrapper {ours:+.5f}")
        if abs(own - ours) > 1e-3 * max(1.0, abs(own)):
            sys.exit("the wrapper does not reproduce the model's own score: export stopped")
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: skipping the ONNX-vs-torch check")
        return
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    for ids in rows:
        mask = torch.ones((1, len(ids)), dtype=torch.int64)
        feeds = {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": mask.numpy(), "position_ids": positions_for(mask).numpy()}
        got = float(session.run(["logits"], feeds)[0][0][0])
        print(f"  torch {score_ids(scorer, ids):+.5f}  onnx {got:+.5f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="hub id or local folder of the Hugging Face reward model")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--int8", action="store_true", help="also write onnx/model_quantized.onnx (dynamic int8)")
    ap.add_argument("--max-tokens", type=int, default=4096, help="longest input the ranker feeds the model (recorded in the manifest; default 4096)")
    ap.add_argument("--license", default=None, help="license recorded in the manifest (default: the model card's, when huggingface_hub can read it)")
    ap.add_argument("--opset", type=int, default=17)
    args = ap.parse_args()

    tokenizer, model, scorer = load(args.model)
    os.makedirs(args.out, exist_ok=True)
    tokenizer.save_pretrained(args.out)
    model.config.save_pretrained(args.out)
    onnx_path = os.path.join(args.out, "onnx", "model.onnx")
    print(f"exporting {onnx_path} (opset {args.opset}) …")
    written = export_onnx(scorer, onnx_path, conversation_ids(tokenizer, *EXAMPLES[0]), opset=args.opset)
    check(model, scorer, tokenizer, onnx_path)
    files = [(f, {}) for f in ["config.json", *TOKENIZER_FILES] if os.path.exists(os.path.join(args.out, f))]
    files += [(os.path.relpath(p, args.out), {"dtype": "fp32"}) for p in written]
    if args.int8:
        q_path = os.path.join(args.out, "onnx", "model_quantized.onnx")
        print(f"quantizing {q_path} …")
        del model, scorer
        quantize_dynamic_int8(onnx_path, q_path)
        files.append(("onnx/model_quantized.onnx", {"dtype": "int8"}))
        if os.path.exists(q_path + "_data"):
            files.append(("onnx/model_quantized.onnx_data", {"dtype": "int8"}))
    local = os.path.isdir(args.model)
    model_id = os.path.basename(os.path.normpath(args.model)) if local else args.model
    license_id = args.license or card_license(args.model, local)
    write_reward_manifest(
        args.out,
        model_id,
        f"{model_id} exported to ONNX by models/reward/export.py",
        files,
        args.max_tokens,
        source=None if local else args.model,
        license=license_id,
        name=model_id.split("/")[-1],
    )
    print(f"done: {args.out}\n  answer-blender rank INPUT --ranker reward --model {args.out}")


def card_license(model_id, local):
    if local:
        return None
    try:
        from huggingface_hub import model_info

        return (model_info(model_id).card_data or {}).get("license")
    except Exception:  # noqa: BLE001 (the license is informative; the export does not depend on it)
        return None


if __name__ == "__main__":
    main()
