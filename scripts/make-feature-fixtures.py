#!/usr/bin/env python3
"""Writes the HDF5 feature files that FeatureFileTest reads, as h5py writes them for CLAM and TRIDENT.

CLAM and TRIDENT append tiles to resizable datasets (maxshape (None, D)), so their files index
chunks differently from the fixed-size datasets that jhdf writes in the other tests. Each file holds
features[k, j] = k * 1000 + j + 0.25 (float32, N = 70, D = 24), coords[k] = (512 k, 7 + k) (int32)
and instance_labels[k] = (k == 1); the test knows these values, so no expected-value file is needed.

Run once with Debian's python3-h5py:  /usr/bin/python3 scripts/make-feature-fixtures.py
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


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("clam-chunk32.h5", 32, "earliest")
    write("trident-chunk1.h5", 1, "latest")
    write("float64-chunk32-latest.h5", 32, "latest", float64=True)
    sys.stdout.write("written to " + os.path.normpath(OUT) + "\n")
