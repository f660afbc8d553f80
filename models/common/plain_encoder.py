"""A small BERT-style encoder (absolute positions, post-LayerNorm) written with plain torch
ops so it exports to ONNX without custom symbolics. Used as the backbone of the tiny test
fixture and of the random-weight BERT-base-shaped benchmark model; the real PairRM export
uses DeBERTa-v3 instead."""
import math

import torch
from torch import nn


class _Layer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=1e-7)
        self.ff1 = nn.Linear(hidden, ffn)
        self.ff2 = nn.Linear(ffn, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-7)

    def forward(self, x, bias):
        b, t, h = x.shape
        qkv = self.qkv(x).view(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        att = torch.matmul(qkv[0], qkv[1].transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim)) + bias
        ctx = torch.matmul(torch.softmax(att, dim=-1), qkv[2]).transpose(1, 2).reshape(b, t, h)
        x = self.norm1(x + self.out(ctx))
        return self.norm2(x + self.ff2(torch.nn.functional.gelu(self.ff1(x))))


class PlainEncoder(nn.Module):
    def __init__(self, vocab_size, hidden, layers, heads, ffn, max_positions):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, hidden)
        self.positions = nn.Embedding(max_positions, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-7)
        self.layers = nn.ModuleList([_Layer(hidden, heads, ffn) for _ in range(layers)])

    def forward(self, input_ids, attention_mask):
        t = input_ids.shape[1]
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.norm(self.tokens(input_ids) + self.positions(pos))
        # Padding keys get a large negative bias: a row's result does not depend on its padding.
        bias = (1.0 - attention_mask.to(x.dtype)).view(input_ids.shape[0], 1, 1, t) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x
