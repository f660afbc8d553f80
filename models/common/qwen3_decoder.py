"""A decoder-only transformer of the Qwen3 family's shape, in plain torch ops so Debian's
python3-torch exports it to ONNX: RMSNorm (pre-norm, plus per-head q/k norms), rotary
positions, grouped-query attention with a causal + padding mask, SwiGLU MLP, a final
RMSNorm. Parameter names follow Hugging Face's Qwen3 (`layers.N.self_attn.q_proj`, …).

Used for the tiny test fixture (test/fixtures/tiny-reward) and the random-weight benchmark
model of Qwen3-0.6B's shape (bench/reward-throughput); real reward models are exported from
their Hugging Face checkpoints by models/reward/export.py instead.
"""
from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class DecoderShape:
    vocab_size: int
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int
    max_positions: int
    rope_theta: float = 1_000_000.0
    rms_eps: float = 1e-6


# Qwen3-0.6B's config.json (Qwen/Qwen3-0.6B): 28 layers, hidden 1024, 16 query heads and 8
# key/value heads of 128, MLP 3072, vocabulary 151,936.
QWEN3_0_6B = DecoderShape(vocab_size=151936, hidden=1024, layers=28, heads=16, kv_heads=8, head_dim=128, intermediate=3072, max_positions=40960)


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class Attention(nn.Module):
    def __init__(self, s: DecoderShape):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = s.heads, s.kv_heads, s.head_dim
        self.q_proj = nn.Linear(s.hidden, s.heads * s.head_dim, bias=False)
        self.k_proj = nn.Linear(s.hidden, s.kv_heads * s.head_dim, bias=False)
        self.v_proj = nn.Linear(s.hidden, s.kv_heads * s.head_dim, bias=False)
        self.o_proj = nn.Linear(s.heads * s.head_dim, s.hidden, bias=False)
        self.q_norm = RMSNorm(s.head_dim, s.rms_eps)
        self.k_norm = RMSNorm(s.head_dim, s.rms_eps)

    def forward(self, x, cos, sin, bias):
        b, t, _ = x.shape
        q = self.q_norm(self.q_proj(x).view(b, t, self.heads, self.head_dim)).transpose(1, 2)
        k = self.k_norm(self.k_proj(x).view(b, t, self.kv_heads, self.head_dim)).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # Grouped-query attention: each key/value head serves heads // kv_heads query heads.
        # (expand + reshape rather than repeat_interleave, which torch 1.13 exports with fixed shapes)
        group = self.heads // self.kv_heads
        k = k.unsqueeze(2).expand(-1, -1, group, -1, -1).reshape(b, self.heads, t, self.head_dim)
        v = v.unsqueeze(2).expand(-1, -1, group, -1, -1).reshape(b, self.heads, t, self.head_dim)
        att = torch.matmul(q, k.transpose(-1, -2)) * (self.head_dim ** -0.5) + bias
        ctx = torch.matmul(torch.softmax(att, dim=-1), v)
        return self.o_proj(ctx.transpose(1, 2).reshape(b, t, self.heads * self.head_dim))


class MLP(nn.Module):
    def __init__(self, s: DecoderShape):
        super().__init__()
        self.gate_proj = nn.Linear(s.hidden, s.intermediate, bias=False)
        self.up_proj = nn.Linear(s.hidden, s.intermediate, bias=False)
        self.down_proj = nn.Linear(s.intermediate, s.hidden, bias=False)

    def forward(self, x):
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, s: DecoderShape):
        super().__init__()
        self.input_layernorm = RMSNorm(s.hidden, s.rms_eps)
        self.self_attn = Attention(s)
        self.post_attention_layernorm = RMSNorm(s.hidden, s.rms_eps)
        self.mlp = MLP(s)

    def forward(self, x, cos, sin, bias):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, bias)
        return x + self.mlp(self.post_attention_layernorm(x))


class Qwen3Decoder(nn.Module):
    """(input_ids, attention_mask, position_ids) -> last hidden states [batch, sequence, hidden]."""

    def __init__(self, s: DecoderShape):
        super().__init__()
        self.shape = s
        self.embed_tokens = nn.Embedding(s.vocab_size, s.hidden)
        self.layers = nn.ModuleList([Layer(s) for _ in range(s.layers)])
        self.norm = RMSNorm(s.hidden, s.rms_eps)
        inv_freq = 1.0 / (s.rope_theta ** (torch.arange(0, s.head_dim, 2, dtype=torch.float32) / s.head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, input_ids, attention_mask, position_ids):
        b, t = input_ids.shape
        freqs = position_ids.to(torch.float32).unsqueeze(-1) * self.inv_freq
        angles = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # [b, 1, t, head_dim]
        cos, sin = torch.cos(angles), torch.sin(angles)
        # Key j is visible from query i when j <= i and j is a real token.
        idx = torch.arange(t, device=input_ids.device)
        causal = (idx.view(1, t) <= idx.view(t, 1)).view(1, 1, t, t)
        visible = causal & (attention_mask.view(b, 1, 1, t) > 0)
        bias = (1.0 - visible.to(torch.float32)) * -1e9
        x = self.embed_tokens(input_ids)
        for layer in self.layers:
            x = layer(x, cos, sin, bias)
        return self.norm(x)

    def config_json(self, **extra):
        """A Qwen3-style config.json for the exported folder."""
        s = self.shape
        return {
            "architectures": ["Qwen3ForSequenceClassification"],
            "model_type": "qwen3",
            "vocab_size": s.vocab_size,
            "hidden_size": s.hidden,
            "num_hidden_layers": s.layers,
            "num_attention_heads": s.heads,
            "num_key_value_heads": s.kv_heads,
            "head_dim": s.head_dim,
            "intermediate_size": s.intermediate,
            "max_position_embeddings": s.max_positions,
            "rope_theta": s.rope_theta,
            "rms_norm_eps": s.rms_eps,
            "hidden_act": "silu",
            "num_labels": 1,
            **extra,
        }
