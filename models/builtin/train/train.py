"""Trains the builtin ranker and writes models/builtin/ (model.onnx, features.json, manifest.json,
parity.json, metrics.json). Run: npm run train:builtin  (= /usr/bin/python3 models/builtin/train/train.py)

Seeded and single-threaded: the same data gives the same model.
"""
import argparse
import hashlib
import json
import os
import pickle
import random
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from features import DENSE_NAMES, FEATURE_VERSION, Featurizer  # noqa: E402
import data as D  # noqa: E402
import heldout  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Table:
    """Unique (prompt, answer) rows with their features: dense matrix + CSR sparse part."""

    def __init__(self, feat, known=None):
        self.feat = feat
        self.known = known or {}
        self.computed = {}
        self.index = {}
        self.dense, self.sp_idx, self.sp_val, self.offsets = [], [], [], [0]
        self.pinfo = {}

    def row(self, prompt, text):
        key = (prompt, text)
        r = self.index.get(key)
        if r is not None:
            return r
        pi = self.pinfo.get(prompt)
        if pi is None:
            pi = self.pinfo[prompt] = self.feat.prompt_info(prompt)
        hit = self.known.get(key)
        if hit is None:
            hit = self.computed[key] = self.feat.features(pi, text)
        dense, sparse = hit
        self.dense.append(dense)
        for i, v in sparse:
            self.sp_idx.append(i - self.feat.n_dense)
            self.sp_val.append(v)
        self.offsets.append(len(self.sp_idx))
        r = self.index[key] = len(self.dense) - 1
        return r

    def arrays(self):
        return (np.asarray(self.dense, dtype=np.float32), np.asarray(self.sp_idx, dtype=np.int64),
                np.asarray(self.sp_val, dtype=np.float32), np.asarray(self.offsets, dtype=np.int64))


class Scorer(torch.nn.Module):
    def __init__(self, n_dense, n_sparse, hidden, hidden2, mean, std, dropout):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.dense = torch.nn.Linear(n_dense, hidden)
        self.emb = torch.nn.EmbeddingBag(n_sparse, hidden, mode="sum")
        torch.nn.init.normal_(self.emb.weight, std=0.02)
        self.l2 = torch.nn.Linear(hidden, hidden2)
        self.out = torch.nn.Linear(hidden2, 1)
        self.drop = torch.nn.Dropout(dropout)

    def forward(self, xd, idx, off, val):
        h = self.dense((xd - self.mean) / self.std) + self.emb(idx, off, per_sample_weights=val)
        h = self.drop(torch.relu(h))
        return self.out(torch.relu(self.l2(h))).squeeze(-1)


class Exported(torch.nn.Module):
    """The mean of the trained scorers as one MLP over a single feature vector (dense + hashed part), for ONNX."""

    def __init__(self, models):
        super().__init__()
        w1s, b1s, w2s, b2s, w3s, b3s = [], [], [], [], [], []
        for m in models:
            w = m.dense.weight.detach() / m.std.unsqueeze(0)
            w1s.append(torch.cat([w.t(), m.emb.weight.detach()], 0))
            b1s.append(m.dense.bias.detach() - (m.dense.weight.detach() * (m.mean / m.std).unsqueeze(0)).sum(1))
            w2s.append(m.l2.weight.detach()); b2s.append(m.l2.bias.detach())
            w3s.append(m.out.weight.detach() / len(models)); b3s.append(m.out.bias.detach() / len(models))
        self.w1 = torch.nn.Parameter(torch.cat(w1s, 1))
        self.b1 = torch.nn.Parameter(torch.cat(b1s, 0))
        self.w2 = torch.nn.Parameter(torch.block_diag(*w2s).t().contiguous())
        self.b2 = torch.nn.Parameter(torch.cat(b2s, 0))
        self.w3 = torch.nn.Parameter(torch.cat(w3s, 1).t().contiguous())
        self.b3 = torch.nn.Parameter(torch.stack(b3s).sum(0))

    def forward(self, features):
        h = torch.relu(features @ self.w1 + self.b1)
        h = torch.relu(h @ self.w2 + self.b2)
        return (h @ self.w3 + self.b3).squeeze(-1)


def batch_rows(arrs, rows):
    dense, sp_idx, sp_val, offs = arrs
    starts, ends = offs[rows], offs[rows + 1]
    lens = ends - starts
    pos = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens) + np.arange(lens.sum())
    off = np.concatenate([[0], np.cumsum(lens)[:-1]])
    return (torch.from_numpy(dense[rows]), torch.from_numpy(sp_idx[pos]), torch.from_numpy(off.astype(np.int64)),
            torch.from_numpy(sp_val[pos]))


def score_rows(model, arrs, rows, chunk=4096):
    model.eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(rows), chunk):
            out.append(model(*batch_rows(arrs, rows[s:s + chunk])).numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


def build_groups(groups, table, source_weight):
    """Per group: its answer rows and its pairs (local indices), weights normalised per group."""
    out = []
    for g in groups:
        rows = np.asarray([table.row(g.prompt, t) for t in g.texts], dtype=np.int64)
        pr = np.asarray([(i, j) for i, j, _, _ in g.pairs], dtype=np.int64).reshape(-1, 2)
        t = np.asarray([x[2] for x in g.pairs], dtype=np.float32)
        w = np.asarray([x[3] for x in g.pairs], dtype=np.float32)
        w = w * (source_weight[g.source] * len(g.pairs) ** 0.5 / max(w.sum(), 1e-9))
        out.append({"source": g.source, "prompt": g.prompt, "dev": g.dev, "rows": rows, "pairs": pr, "t": t, "w": w})
    return out


def informative(g):
    """The pairs of group g whose target is away from 0.5: the only ones accuracy counts."""
    return np.abs(g["t"] - 0.5) > 0.1


def pair_hits(s_rows, g):
    """Per informative pair of group g: 1 if the scores order it right, 0.5 on a tie, else 0."""
    m = informative(g)
    sc = s_rows[g["rows"]]
    d = sc[g["pairs"][m, 0]] - sc[g["pairs"][m, 1]]
    return np.where(d == 0, 0.5, ((d > 0) == (g["t"][m] > 0.5)).astype(np.float64))


def pair_accuracy(s_rows, gs):
    """Accuracy on informative pairs of the given groups; s_rows maps row -> score."""
    hits = [pair_hits(s_rows, g) for g in gs]
    n = sum(len(h) for h in hits)
    return float(sum(h.sum() for h in hits)) / n if n else float("nan")


def ensemble_scores(models, arrs, dv):
    s_rows = np.zeros(len(arrs[0]), dtype=np.float32)
    r = np.unique(np.concatenate([g["rows"] for g in dv]))
    s_rows[r] = np.mean([score_rows(m, arrs, r) for m in models], axis=0)
    return s_rows


def dev_outcomes(models, arrs, dv):
    """Per informative real dev pair: its prompt and pair_hits of the ensemble, so that two
    configurations can be compared pair by pair (compare_dev.py)."""
    s_rows = ensemble_scores(models, arrs, dv)
    real = [g for g in dv if g["source"] != "adversarial"]
    hits = [pair_hits(s_rows, g) for g in real]
    prompts = [g["prompt"] for g, h in zip(real, hits) for _ in range(len(h))]
    return prompts, np.concatenate(hits)


def dev_report(models, arrs, dv):
    """Dev accuracy of the mean of `models`: informative real pairs overall, then per source (adversarial included)."""
    s_rows = ensemble_scores(models, arrs, dv)
    real = [g for g in dv if g["source"] != "adversarial"]
    n = sum(int(informative(g).sum()) for g in real)
    per = {src: pair_accuracy(s_rows, [g for g in dv if g["source"] == src]) for src in sorted({g["source"] for g in dv})}
    return f"dev acc {pair_accuracy(s_rows, real):.4f} on {n} pairs: " + " ".join(f"{k[:12]}={v:.3f}" for k, v in per.items())


def train(cfg, arrs, gdata):
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    tr = [g for g in gdata if not g["dev"]]
    dv = [g for g in gdata if g["dev"]]
    dense = arrs[0]
    rows_tr = np.unique(np.concatenate([g["rows"] for g in tr]))
    mean = dense[rows_tr].mean(0)
    std = dense[rows_tr].std(0) + 1e-3
    n_sparse = sum(cfg["spec"]["hash"][k] for k in ("answer", "start", "prompt"))
    model = Scorer(dense.shape[1], n_sparse, cfg["hidden"], cfg["hidden2"], mean, std, cfg["dropout"])
    if not cfg.get("useHash", True):
        torch.nn.init.zeros_(model.emb.weight)
        model.emb.weight.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg["lr"], weight_decay=cfg["wd"])
    bs = cfg["groupsPerStep"]
    steps_per_epoch = (len(tr) + bs - 1) // bs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg["lr"], total_steps=steps_per_epoch * cfg["epochs"], pct_start=0.1)
    for ep in range(cfg["epochs"]):
        model.train()
        order = rng.permutation(len(tr))
        t0, tot, totw = time.time(), 0.0, 0.0
        for s in range(0, len(order), bs):
            batch = [tr[k] for k in order[s:s + bs]]
            offs = np.cumsum([0] + [len(g["rows"]) for g in batch[:-1]])
            rows = np.concatenate([g["rows"] for g in batch])
            pi = np.concatenate([g["pairs"][:, 0] + o for g, o in zip(batch, offs)])
            pj = np.concatenate([g["pairs"][:, 1] + o for g, o in zip(batch, offs)])
            t = torch.from_numpy(np.concatenate([g["t"] for g in batch]))
            w = torch.from_numpy(np.concatenate([g["w"] for g in batch]))
            sc = model(*batch_rows(arrs, rows))
            diff = sc[torch.from_numpy(pi)] - sc[torch.from_numpy(pj)]
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(diff, t, reduction="none") * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * float(w.sum()); totw += float(w.sum())
        msg = f"epoch {ep + 1}/{cfg['epochs']} loss {tot / totw:.4f} ({time.time() - t0:.0f}s)"
        if dv:
            msg += " " + dev_report([model], arrs, dv)
        log(msg)
    model.eval()
    return model


def export(models, dim, path):
    ex = Exported(models).eval()
    x = torch.zeros(2, dim)
    torch.onnx.export(ex, (x,), path, input_names=["features"], output_names=["score"],
                      dynamic_axes={"features": {0: "batch"}, "score": {0: "batch"}}, opset_version=13)
    return ex


def numpy_score(ex, x):
    """Reference scores in float64 from the exported weights (the TS parity test compares with these)."""
    p = {k: v.detach().double().numpy() for k, v in ex.named_parameters()}
    h = np.maximum(x @ p["w1"] + p["b1"], 0)
    h = np.maximum(h @ p["w2"] + p["b2"], 0)
    return (h @ p["w3"] + p["b3"])[:, 0]


def to_dense(feat, dense, sparse):
    x = np.zeros(feat.dim)
    x[:feat.n_dense] = dense
    for i, v in sparse:
        x[i] += v
    return x


def build_vocab(groups, vcfg):
    """Frequent answer words of the training data (never the held-out sets), for out-of-vocabulary features."""
    from features import ascii_lower, tokens
    counts = {}
    seen = set()
    for g in groups:
        if g.source == "adversarial":
            continue
        for t in g.texts:
            if t in seen:
                continue
            seen.add(t)
            for w in set(tokens(ascii_lower(t))):
                counts[w] = counts.get(w, 0) + 1
    words = sorted((w for w, c in counts.items() if c >= vcfg["minCount"]), key=lambda w: (-counts[w], w))[: vcfg["max"]]
    return sorted(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "models", "builtin"))
    ap.add_argument("--dev", nargs="?", const="prompts", choices=["prompts", "models", "cv"],
                    help="hold out 10%% of the training prompts (and with 'models', every answer of one AlpacaEval model family in four; "
                         "with 'cv', fold --fold of 4 of both) and report dev accuracy instead of scoring the held-out sets")
    ap.add_argument("--fold", type=int, default=0, choices=range(4), help="the dev fold of a --dev cv run")
    ap.add_argument("--config", default="default")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    random.seed(0)
    np.random.seed(0)
    spec = json.load(open(os.path.join(HERE, "spec_base.json"), encoding="utf-8"))
    configs = json.load(open(os.path.join(HERE, "configs.json"), encoding="utf-8"))
    if args.config not in configs or args.config.startswith("_"):
        sys.exit(f"unknown config {args.config} (known: {', '.join(k for k in configs if not k.startswith('_'))})")
    spec["hash"].update(configs[args.config].get("hash", {}))
    cfg = dict(configs[args.config], spec=spec)
    data_dir = os.path.abspath(args.data)
    if not os.path.isdir(data_dir):
        sys.exit(f"data folder {data_dir} not found (expected ../shared/data beside the repo)")

    t0 = time.time()
    groups, held = D.training_groups(data_dir, cfg["seed"], args.dev, args.fold)
    spec["vocab"] = build_vocab([g for g in groups if not g.dev], cfg["vocab"])
    feat = Featurizer(spec)
    log(f"{len(spec['vocab'])} vocabulary words")
    log(f"{len(groups)} training groups ({', '.join(f'{s}: {sum(1 for g in groups if g.source == s)}' for s in sorted({g.source for g in groups}))}); {len(held)} held-out prompts excluded")
    spec_key = hashlib.sha256(json.dumps([FEATURE_VERSION, spec, open(os.path.join(HERE, "features.py"), encoding="utf-8").read()], sort_keys=True).encode()).hexdigest()[:16]
    cache = os.path.join(HERE, ".cache", f"features-{spec_key}.pkl")
    known = pickle.load(open(cache, "rb")) if os.path.exists(cache) else {}
    table = Table(feat, known)
    pairs = build_groups(groups, table, cfg["sourceWeight"])
    table_arrs = table.arrays()
    if table.computed:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        known.update(table.computed)
        pickle.dump(known, open(cache, "wb"))
    log(f"{len(table.computed)} answers featurised, {len(known) - len(table.computed)} from cache")
    log(f"{len(table_arrs[0])} answers, {sum(len(g['t']) for g in pairs)} pairs, features in {time.time() - t0:.0f}s")

    models = [train(dict(cfg, seed=cfg["seed"] + k), table_arrs, pairs) for k in range(cfg.get("ensemble", 1))]
    if args.dev:
        dv = [g for g in pairs if g["dev"]]
        log("ensemble " + dev_report(models, table_arrs, dv))
        prompts, hits = dev_outcomes(models, table_arrs, dv)
        out = os.path.join(HERE, ".cache", "dev", f"{args.config}-{args.dev}-{args.fold}.json")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        json.dump({"prompts": prompts, "hits": hits.tolist()}, open(out, "w", encoding="utf-8"))
        # configurations are compared on the dev split only (nothing is written); held-out sets are scored once, on the chosen one
        return
    os.makedirs(args.out, exist_ok=True)
    ex = export(models, feat.dim, os.path.join(args.out, "model.onnx"))

    def score_fn(prompt, texts):
        pi = feat.prompt_info(prompt)
        return numpy_score(ex, np.stack([to_dense(feat, *feat.features(pi, t)) for t in texts]))

    metrics = heldout.evaluate(data_dir, score_fn)
    metrics["config"] = args.config
    log(json.dumps(metrics, indent=1))

    spec_out = dict(spec, version=FEATURE_VERSION, dense=DENSE_NAMES, dim=feat.dim)
    json.dump(spec_out, open(os.path.join(args.out, "features.json"), "w", encoding="utf-8"), indent=1)
    real = [g for g in groups if g.source != "adversarial"]
    extra = [(g.prompt, g.texts[k % len(g.texts)][:2000]) for k, g in enumerate(real[:: max(1, len(real) // 6)][:6])]
    heldout.write_parity(os.path.join(args.out, "parity.json"), feat, score_fn, extra)
    files = []
    for f in ["model.onnx", "features.json"]:  # parity.json is a test file: not shipped in the VSIX
        blob = open(os.path.join(args.out, f), "rb").read()
        files.append({"path": f, "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()})
    manifest = {
        "format": "answer-blender-model/1",
        "engine": "builtin",
        "id": "builtin-" + files[0]["sha256"][:12],
        "description": "Answer Blender builtin ranker: pointwise MLP over answer features; pair logit = score(a) - score(b)",
        "inputs": ["features"],
        "outputs": ["score"],
        "files": files,
        "featureVersion": FEATURE_VERSION,
        "featureDim": feat.dim,
        "config": {k: v for k, v in cfg.items() if k != "spec"},
        "training": {
            "groups": {s: sum(1 for g in groups if g.source == s) for s in sorted({g.source for g in groups})},
            "answers": int(len(table_arrs[0])),
            "pairs": int(sum(len(g["t"]) for g in pairs)),
            "excluded": "AlpacaEval selfinstruct prompts, every Auto-J prompt (and any training prompt equal to one of them), NullModel outputs",
        },
    }
    json.dump(manifest, open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8"), indent=1)
    json.dump(metrics, open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8"), indent=1)
    log(f"wrote {args.out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
