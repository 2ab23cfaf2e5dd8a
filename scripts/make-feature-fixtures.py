#!/usr/bin/env python3
"""Writes the HDF5 feature files that FeatureFileTest reads, as h5py writes them for CLAM and TRIDENT.

CLAM and TRIDENT append tiles to resizable datasets (maxshape (None, D)), so their files index
chunks differently from the fixed-size datasets that jhdf writes in the other tests. Each file holds
features[k, j] = k * 1000 + j + 0.25 (float32, N = 70, D = 24), coords[k] = (512 k, 7 + k) (int32)
and instance_labels[k] = (k == 1); the test knows these values, so no expected-value file is needed.

Run once with Debian's python3-h5py:  /usr/bin/python3 scripts/make-feature-fixtures.py

With --cohort DIR it writes instead a synthetic cohort in CLAM's layout for trying milkid on whole
slides: DIR/h5_files/<slide_id>.h5 and DIR/slides.csv (case_id,slide_id,label; labels normal and
tumor), --slides slides of 500-3,000 tiles of D = --dim features (ReLU-like, >= 0), half chunked
(32, D) as CLAM and half (1, D) as TRIDENT; a positive slide has a tumour region (a disc of tiles)
whose features are shifted along one direction, marked in instance_labels.
    /usr/bin/python3 scripts/make-feature-fixtures.py --cohort DIR [--slides 50] [--dim 1024] [--seed 1]
"""
import os
import sys

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "features")
N, D = 70, 24


def write(name, chunk_rows, libver, float64=False):
    k = np.arange(N)[:, None]
    j = np.arange(D)[None, :]
    features = (k * 1000 + j + 0.25).astype(np.float64 if float64 else np.float32)
    coords = np.stack([512 * np.arange(N), 7 + np.arange(N)], axis=1).astype(np.int32)
    labels = (np.arange(N) == 1).astype(np.int64)
    with h5py.File(os.path.join(OUT, name), "w", libver=libver) as f:
        # appended in two parts, as the tools append batches of tiles
        dset = f.create_dataset("features", shape=(40, D), maxshape=(None, D), chunks=(chunk_rows, D),
                                dtype=features.dtype)
        dset[:] = features[:40]
        dset.resize((N, D))
        dset[40:] = features[40:]
        c = f.create_dataset("coords", data=coords, maxshape=(None, 2), chunks=(chunk_rows, 2))
        c.attrs["patch_size"] = 256
        c.attrs["patch_level"] = 1
        c.attrs["downsample"] = np.array([2.0, 2.0])
        f.create_dataset("instance_labels", data=labels)


def cohort(out, slides, dim, seed):
    rng = np.random.default_rng(seed)
    direction = rng.normal(size=dim)
    direction /= np.linalg.norm(direction)
    os.makedirs(os.path.join(out, "h5_files"), exist_ok=True)
    rows = ["case_id,slide_id,label"]
    for i in range(slides):
        label = i % 2
        n = int(rng.integers(500, 3001))
        side = int(np.ceil(np.sqrt(n * 1.3)))
        cells = rng.choice(side * side, size=n, replace=False)
        gx, gy = cells % side, cells // side
        keys = np.zeros(n, dtype=np.int64)
        if label:
            cx, cy = rng.integers(0, side, size=2)
            radius = side * rng.uniform(0.12, 0.25)
            keys = (((gx - cx) ** 2 + (gy - cy) ** 2) <= radius ** 2).astype(np.int64)
            if keys.sum() == 0:
                keys[np.argmin((gx - cx) ** 2 + (gy - cy) ** 2)] = 1
        features = rng.normal(size=(n, dim)) + 1.2 * keys[:, None] * direction[None, :] * np.sqrt(dim) / 4
        features = np.maximum(features + 0.5, 0).astype(np.float32)
        coords = np.stack([gx * 512, gy * 512], axis=1).astype(np.int32)
        slide_id = "slide-%03d" % i
        chunk = 32 if i % 4 < 2 else 1
        with h5py.File(os.path.join(out, "h5_files", slide_id + ".h5"), "w") as f:
            f.create_dataset("features", data=features, maxshape=(None, dim), chunks=(chunk, dim))
            c = f.create_dataset("coords", data=coords, maxshape=(None, 2), chunks=(chunk, 2))
            c.attrs["patch_size"] = 256
            c.attrs["patch_level"] = 1
            c.attrs["downsample"] = np.array([2.0, 2.0])
            f.create_dataset("instance_labels", data=keys)
        rows.append("case-%03d,%s,%s" % (i, slide_id, "tumor" if label else "normal"))
    with open(os.path.join(out, "slides.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    sys.stdout.write("%d slides written to %s\n" % (slides, out))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--cohort":
        args = dict(zip(sys.argv[3::2], sys.argv[4::2]))
        cohort(sys.argv[2], int(args.get("--slides", 50)), int(args.get("--dim", 1024)), int(args.get("--seed", 1)))
        sys.exit(0)
    os.makedirs(OUT, exist_ok=True)
    write("clam-chunk32.h5", 32, "earliest")
    write("trident-chunk1.h5", 1, "latest")
    write("float64-chunk32-latest.h5", 32, "latest", float64=True)
    sys.stdout.write("written to " + os.path.normpath(OUT) + "\n")
