"""Turns an optimum ONNX export of a T5 / Flan-T5 seq2seq model (e.g. llm-blender/gen_fuser_3b)
into the folder layout the `genfuser` fuser loads with transformers.js:

    OUT/config.json, generation_config.json, tokenizer.json, tokenizer_config.json, ...
    OUT/onnx/encoder_model.onnx (+ .onnx_data), OUT/onnx/decoder_model_merged.onnx (+ .onnx_data)
    OUT/onnx/*_quantized.onnx when present (used with --dtype int8)
    OUT/manifest.json  (engine "genfuser", GenFuser lengths, every file with size and sha256)

    python3 models/genfuser/arrange_export.py EXPORT_DIR OUT [--id NAME] [--copy]

Standard library only. Files are moved unless --copy is given."""
import argparse
import hashlib
import json
import os
import shutil
import sys

CONFIG_FILES = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "spiece.model"]
GRAPHS = ["encoder_model", "decoder_model_merged"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export_dir")
    ap.add_argument("out")
    ap.add_argument("--id", default="gen_fuser_3b-onnx")
    ap.add_argument("--copy", action="store_true", help="copy instead of move")
    args = ap.parse_args()
    place = shutil.copy2 if args.copy else shutil.move
    src, out = args.export_dir, args.out
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)

    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        if not os.path.exists(os.path.join(src, name)):
            sys.exit(f"{src} has no {name}: export with optimum-cli (see models/genfuser/README.md)")
    for name in CONFIG_FILES:
        if os.path.exists(os.path.join(src, name)):
            shutil.copy2(os.path.join(src, name), os.path.join(out, name))

    external = {}
    found = []
    for graph in GRAPHS:
        for suffix in ("", "_quantized"):
            base = f"{graph}{suffix}.onnx"
            where = next((d for d in (src, os.path.join(src, "onnx")) if os.path.exists(os.path.join(d, base))), None)
            if where is None:
                continue
            found.append(base)
            place(os.path.join(where, base), os.path.join(out, "onnx", base))
            chunks = sorted(n for n in os.listdir(where) if n == base + "_data" or n.startswith(base + "_data_"))
            for n in chunks:
                place(os.path.join(where, n), os.path.join(out, "onnx", n))
            if chunks:
                external[base] = len(chunks)
    if not all(f"{g}.onnx" in found or f"{g}_quantized.onnx" in found for g in GRAPHS):
        sys.exit(f"{src} lacks encoder_model.onnx or decoder_model_merged.onnx: export with --task text2text-generation-with-past")

    config_path = os.path.join(out, "config.json")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    if external:
        # transformers.js (and the hub download) only know about .onnx_data files through this field.
        config.setdefault("transformers.js_config", {})["use_external_data_format"] = external
    with open(config_path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    files = []
    for root, _, names in os.walk(out):
        for n in sorted(names):
            full = os.path.join(root, n)
            rel = os.path.relpath(full, out).replace(os.sep, "/")
            if rel == "manifest.json":
                continue
            entry = {"path": rel, "size": os.path.getsize(full), "sha256": sha256(full)}
            if rel.endswith(".onnx"):
                entry["dtype"] = "int8" if "_quantized" in rel else "fp32"
            files.append(entry)
    manifest = {
        "format": "answer-blender-model/1",
        "engine": "genfuser",
        "id": args.id,
        "description": "GenFuser (Flan-T5 seq2seq) in the transformers.js layout",
        "lengths": {"source": 1024, "candidate": 128},
        "files": sorted(files, key=lambda e: e["path"]),
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {out}: {', '.join(found)}" + (f"; external data {external}" if external else ""))


if __name__ == "__main__":
    main()
