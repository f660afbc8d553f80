"""A sequence-classification reward model in the ONNX form the `reward` ranker loads.

Shared by models/reward/export.py (real Hugging Face reward models), the test fixture
test/fixtures/tiny-reward/build.py and the benchmark model bench/reward-throughput, so the
graph the tests check is the graph users export.

The ONNX contract (src/core/rank/engines/reward):
  inputs  input_ids      int64 [batch, sequence]
          attention_mask int64 [batch, sequence]  (1 = token, 0 = padding)
          position_ids   int64 [batch, sequence]  (0, 1, 2, … on the real tokens)
  output  logits         float [batch, 1]         (the reward; higher is better)

The score is the classification head applied to the hidden state of each row's last real
token (the last position where attention_mask is 1), as Hugging Face's
*ForSequenceClassification models do with right padding; here the position comes from the
mask rather than from the pad token id, so a pad id that also occurs in a text cannot move it.
"""
import inspect
import os
import shutil
import tempfile

import torch
from torch import nn

from models.common.manifest import MANIFEST_FORMAT, file_entry, write_manifest_json

INPUT_NAMES = ["input_ids", "attention_mask", "position_ids"]
OUTPUT_NAMES = ["logits"]
# Protobuf's limit is 2 GiB; graphs with more weight bytes keep them in "<file>_data".
EXTERNAL_DATA_BYTES = 1_800_000_000


def last_token_positions(attention_mask):
    """Index of the last 1 in each row (ArgMax returns the first maximum, in torch and ONNX)."""
    t = attention_mask.shape[1]
    idx = torch.arange(t, device=attention_mask.device).view(1, t)
    return torch.argmax((idx * attention_mask).to(torch.float32), dim=1)


class RewardScorer(nn.Module):
    """backbone(input_ids, attention_mask, position_ids) -> hidden [B, T, H]; score: Linear(H, 1)."""

    def __init__(self, backbone, score):
        super().__init__()
        self.backbone = backbone
        self.score = score

    def forward(self, input_ids, attention_mask, position_ids):
        hidden = self.backbone(input_ids, attention_mask, position_ids)
        last = last_token_positions(attention_mask)
        index = last.view(-1, 1, 1).expand(-1, 1, hidden.size(-1))
        return self.score(torch.gather(hidden, 1, index).squeeze(1))


def positions_for(attention_mask):
    """0, 1, 2, … over each row's tokens (right padding: the pads get the following numbers)."""
    return torch.arange(attention_mask.shape[1], dtype=torch.int64).view(1, -1).expand_as(attention_mask).contiguous()


def score_ids(scorer, ids):
    """torch's reward for one unpadded sequence (the reference the ONNX graph is checked against)."""
    t = torch.tensor([ids], dtype=torch.int64)
    mask = torch.ones_like(t)
    with torch.no_grad():
        return float(scorer(t, mask, positions_for(mask))[0, 0])


def export_onnx(scorer, path, example_ids, opset=14):
    """Exports with dynamic batch and sequence axes. A graph whose weights exceed
    EXTERNAL_DATA_BYTES keeps them in one file beside it, "<name>_data"; returns the paths
    written (the graph first)."""
    import onnx

    os.makedirs(os.path.dirname(path), exist_ok=True)
    scorer.eval()
    ids = torch.tensor([example_ids], dtype=torch.int64)
    mask = torch.ones_like(ids)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes["logits"] = {0: "batch"}
    with tempfile.TemporaryDirectory() as tmp:
        # torch writes a >2 GB graph as one file per weight: export into a scratch folder,
        # then save it once, with at most one data file.
        raw = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(
                scorer,
                (ids, mask, positions_for(mask)),
                raw,
                input_names=INPUT_NAMES,
                output_names=OUTPUT_NAMES,
                dynamic_axes=axes,
                opset_version=opset,
                do_constant_folding=True,
                # torch >= 2.9 defaults to the dynamo exporter; the TorchScript one is what this was tested with.
                **({"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}),
            )
        if sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp)) <= EXTERNAL_DATA_BYTES:
            shutil.move(raw, path)
            return [path]
        return save_onnx(onnx.load(raw), path)


def save_onnx(model, path):
    """Saves a graph, with its weights in "<name>_data" when they are too big for one protobuf."""
    import onnx

    weight_bytes = sum(len(init.raw_data) for init in model.graph.initializer)
    data = path + "_data"
    if os.path.exists(data):
        os.remove(data)
    if weight_bytes <= EXTERNAL_DATA_BYTES:
        onnx.save_model(model, path)
        return [path]
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=os.path.basename(data), size_threshold=1024)
    return [path, data]


def write_reward_manifest(folder, model_id, description, files, max_tokens, source=None, license=None, name=None):
    """manifest.json for engine "reward": files is a list of (relative path, extra fields
    such as {"dtype": "fp32"}); maxTokens is the longest input the ranker feeds the model."""
    manifest = {
        "format": MANIFEST_FORMAT,
        "engine": "reward",
        "id": model_id,
        **({"name": name} if name else {}),
        "description": description,
        **({"source": source} if source else {}),
        **({"license": license} if license else {}),
        "maxTokens": int(max_tokens),
        "inputs": INPUT_NAMES,
        "outputs": OUTPUT_NAMES,
        "files": [file_entry(folder, rel, **meta) for rel, meta in files],
    }
    return write_manifest_json(folder, manifest)
