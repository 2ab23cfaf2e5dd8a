#!/usr/bin/env python3
"""Prints one SHA-256 for the numbers of a milkid run folder, to compare runs across machines.

It hashes results.json, the per-run files runs/*.json (full-precision fold results) and the
models' model.json (which carry the SHA-256 of the saved parameters), each without what
legitimately differs between two runs of the same settings: timings ("seconds", "msPerStep",
"time", "created", "started"), the provenance (machine, versions, dates) and the output path
("out"). Two runs agree on the fingerprint exactly when they agree on every number to the bit.

Usage:
    scripts/results-fingerprint.py RUN_DIR
"""
import hashlib
import json
import pathlib
import sys

SKIP = {"seconds", "msPerStep", "time", "created", "started", "provenance", "out"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in SKIP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    root = pathlib.Path(argv[1])
    files = [root / "results.json"]
    files += sorted((root / "runs").glob("*.json"))
    files += sorted((root / "models").glob("*/model.json"))
    digest = hashlib.sha256()
    for f in files:
        if not f.is_file():
            sys.exit(f"results-fingerprint: {f}: no such file")
        tree = strip(json.loads(f.read_text(encoding="utf-8")))
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(json.dumps(tree, sort_keys=True, separators=(",", ":")).encode())
    print(digest.hexdigest())


if __name__ == "__main__":
    main(sys.argv)
