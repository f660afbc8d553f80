"""Compares two configurations' dev outcomes pair by pair (files written by `train.py --dev`).

    python3 compare_dev.py default candidate [--mode cv]

Pools every fold run for both, prints each accuracy and the difference with its standard error
clustered by prompt (pairs of one prompt share answers, so they are not independent).
"""
import argparse
import glob
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def load(config, mode, folder=os.path.join(HERE, ".cache", "dev")):
    """fold -> {"prompts": [...], "hits": [...]} for every fold run of this configuration."""
    out = {}
    for f in sorted(glob.glob(os.path.join(folder, f"{config}-{mode}-*.json"))):
        fold = f[: -len(".json")].rsplit("-", 1)[1]
        with open(f, encoding="utf-8") as fh:
            out[fold] = json.load(fh)
    return out


def paired_difference(prompts, hits_a, hits_b):
    """(mean of b - a, its standard error clustered by prompt)."""
    n = len(prompts)
    diff = [b - a for a, b in zip(hits_a, hits_b)]
    mean = sum(diff) / n
    sums = {}
    for p, d in zip(prompts, diff):
        sums[p] = sums.get(p, 0.0) + d - mean
    c = len(sums)
    se = math.sqrt(c / (c - 1) * sum(s * s for s in sums.values())) / n if c > 1 else float("nan")
    return mean, se


def compare(a, b):
    folds = sorted(set(a) & set(b))
    if not folds:
        raise SystemExit("no fold was run for both configurations")
    prompts, ha, hb = [], [], []
    for k in folds:
        if a[k]["prompts"] != b[k]["prompts"]:
            raise SystemExit(f"fold {k}: the two runs have different dev pairs")
        prompts += [f"{k}:{p}" for p in a[k]["prompts"]]
        ha += a[k]["hits"]
        hb += b[k]["hits"]
    diff, se = paired_difference(prompts, ha, hb)
    return {"folds": folds, "pairs": len(ha), "prompts": len(set(prompts)),
            "a": sum(ha) / len(ha), "b": sum(hb) / len(hb), "diff": diff, "se": se}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("candidate")
    ap.add_argument("--mode", default="cv")
    args = ap.parse_args()
    r = compare(load(args.base, args.mode), load(args.candidate, args.mode))
    print(f"folds {','.join(r['folds'])}: {r['pairs']} pairs, {r['prompts']} prompts")
    print(f"{args.base}: {r['a']:.4f}  {args.candidate}: {r['b']:.4f}  diff {r['diff']:+.4f} ± {r['se']:.4f} (clustered SE)")


if __name__ == "__main__":
    main()
