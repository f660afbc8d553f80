"""PairRM's marker gather + scoring head around any encoder, in an ONNX-exportable form.

Shared by models/pairrm/export.py (the real DeBERTa-v3 PairRM) and
test/fixtures/tiny-pairrm/build.py (the tiny test model), so the graph the tests exercise
and the graph users export cannot drift apart.

The ONNX contract (what src/core/rank/engines/pairrm expects):
  inputs  input_ids      int64 [batch, sequence]
          attention_mask int64 [batch, sequence]  (1 = token, 0 = padding)
  output  logits         float [batch]            (> 0: candidate 1 is better)
"""
import os

import torch
from torch import nn

from models.common.manifest import MANIFEST_FORMAT, file_entry, write_manifest_json  # noqa: F401 (file_entry is re-exported)

MARKERS = {
    "source": "<|source|>",
    "candidate1": "<|candidate1|>",
    "candidate2": "<|candidate2|>",
    "candidate": "<|candidate|>",
}
INPUT_NAMES = ["input_ids", "attention_mask"]
OUTPUT_NAMES = ["logits"]


def make_head(hidden_size, dropout=0.05):
    """PairRM's head. Indices 1 and 4 hold the Linear layers, so a state dict saved by
    DebertaV2PairRM (keys head_layer.1.*, head_layer.4.*) loads into it unchanged."""
    return nn.Sequential(
        nn.Dropout(dropout),
        nn.Linear(2 * hidden_size, hidden_size),
        nn.Tanh(),
        nn.Dropout(dropout),
        nn.Linear(hidden_size, 1),
    )


def first_position(input_ids, token_id):
    """Index of the first occurrence of token_id in each row. ArgMax returns the first
    maximum, in torch and in ONNX (select_last_index = 0)."""
    hits = (input_ids == token_id).to(torch.float32)
    return torch.argmax(hits, dim=1)


def gather_rows(hidden, positions):
    """hidden[b, positions[b], :] for each b, as a GatherElements that exports cleanly."""
    index = positions.view(-1, 1, 1).expand(-1, 1, hidden.size(-1))
    return torch.gather(hidden, 1, index).squeeze(1)


class PairRMScorer(nn.Module):
    """encoder(input_ids, attention_mask) -> last hidden states [B, T, H]; then PairRM's
    head([h_src; h_c1]) - head([h_src; h_c2]) at the three marker positions."""

    def __init__(self, encoder, head_layer, source_id, candidate1_id, candidate2_id):
        super().__init__()
        self.encoder = encoder
        self.head_layer = head_layer
        self.source_id = int(source_id)
        self.candidate1_id = int(candidate1_id)
        self.candidate2_id = int(candidate2_id)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids, attention_mask)
        h_src = gather_rows(hidden, first_position(input_ids, self.source_id))
        h_c1 = gather_rows(hidden, first_position(input_ids, self.candidate1_id))
        h_c2 = gather_rows(hidden, first_position(input_ids, self.candidate2_id))
        left = self.head_layer(torch.cat([h_src, h_c1], dim=-1))
        right = self.head_layer(torch.cat([h_src, h_c2], dim=-1))
        return (left - right).mean(dim=-1)


def pair_input_ids(encode, cls_id, sep_id, marker_ids, source, candidate1, candidate2, source_max, candidate_max):
    """PairRM's HF-path layout for one ordered pair (the reference the TypeScript port is
    tested against). encode(text) -> ids without special tokens. The source gets at most
    source_max tokens with [CLS]/[SEP]; each candidate (total - len(source)) // 2, where
    total = source_max + 2 * candidate_max. Literal marker strings and [SEP] in the texts
    become spaces."""

    def clean(text):
        for token in ["[SEP]", *MARKERS.values()]:
            text = text.replace(token, " ")
        return text

    def part(marker, text, budget):
        body = ([marker] + encode(clean(text)))[: max(budget - 2, 0)]
        return [cls_id] + body + [sep_id]

    total = source_max + 2 * candidate_max
    src = part(marker_ids["source"], source, source_max)
    budget = (total - len(src)) // 2
    return src + part(marker_ids["candidate1"], candidate1, budget) + part(marker_ids["candidate2"], candidate2, budget)


def export_onnx(scorer, path, example_ids, opset=14):
    """Exports the scorer with dynamic batch and sequence axes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    scorer.eval()
    ids = torch.tensor([example_ids], dtype=torch.int64)
    mask = torch.ones_like(ids)
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            scorer,
            (ids, mask),
            path,
            input_names=INPUT_NAMES,
            output_names=OUTPUT_NAMES,
            dynamic_axes=axes,
            opset_version=opset,
            do_constant_folding=True,
        )


def write_manifest(folder, model_id, description, source_max, candidate_max, marker_ids, files, extra=None):
    """Writes manifest.json: engine, lengths, markers (token + id) and every file with size
    and sha256. files: list of (relative path, dict of extra fields such as dtype)."""
    manifest = {
        "format": MANIFEST_FORMAT,
        "engine": "pairrm",
        "id": model_id,
        "description": description,
        "lengths": {"source": source_max, "candidate": candidate_max},
        "markers": {name: {"token": MARKERS[name], "id": int(marker_ids[name])} for name in MARKERS},
        "inputs": INPUT_NAMES,
        "outputs": OUTPUT_NAMES,
        "files": [file_entry(folder, rel, **meta) for rel, meta in files],
    }
    if extra:
        manifest.update(extra)
    return write_manifest_json(folder, manifest)
