"""manifest.json of an exported model folder: the engine it is for, and every file with
its size and sha256 (what src/core/models/manifest.ts reads and checks). Shared by every
export and fixture script."""
import hashlib
import json
import os

MANIFEST_FORMAT = "answer-blender-model/1"


def file_entry(folder, rel, **extra):
    h = hashlib.sha256()
    with open(os.path.join(folder, rel), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return {"path": rel, "size": os.path.getsize(os.path.join(folder, rel)), "sha256": h.hexdigest(), **extra}


def write_manifest_json(folder, manifest):
    """Writes the manifest dict as folder/manifest.json (2-space indent, trailing newline)."""
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest
