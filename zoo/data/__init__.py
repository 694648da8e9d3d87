"""Datasets by name, from TFDS or a real local copy, as in-memory uint8 arrays.

Sources, tried in this order with `source=auto`:
  1. TFDS, when the dataset is already prepared in `data_dir` (no network needed);
  2. the local copy installed by tools/setup.sh (see zoo/data/local.py), logged loudly;
  3. TFDS download (`download=True`), for machines that are online.
`source=tfds` or `source=local` forces one; `source=synthetic` makes random images of the
dataset's shape, for tests only. When nothing works, DataNotFoundError says what was tried.
"""
import dataclasses

import numpy as np
from absl import logging

from zoo.data import local

SOURCES = ("auto", "tfds", "local", "synthetic")


@dataclasses.dataclass(frozen=True)
class DatasetInfo:
  name: str
  image_shape: tuple
  num_classes: int


DATASETS = {
    "mnist": DatasetInfo("mnist", (28, 28, 1), 10),
    "fashion_mnist": DatasetInfo("fashion_mnist", (28, 28, 1), 10),
}


class DataNotFoundError(RuntimeError):
  """No source could provide the dataset; the message lists what was tried."""


def info(name: str) -> DatasetInfo:
  if name not in DATASETS:
    raise ValueError(f"Unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}.")
  return DATASETS[name]


def _tfds_prepared(name, data_dir):
  import tensorflow_datasets as tfds
  return tfds.builder(name, data_dir=data_dir or None).is_prepared()


def _from_tfds(name, split, data_dir, download):
  import tensorflow_datasets as tfds
  ds = tfds.load(name, split=split, data_dir=data_dir or None, as_supervised=True,
                 download=download)
  batches = list(tfds.as_numpy(ds.batch(4096)))
  return (np.concatenate([b[0] for b in batches]).astype(np.uint8),
          np.concatenate([b[1] for b in batches]).astype(np.int64))


def _synthetic(ds_info, split, num, seed):
  rng = np.random.default_rng(seed + (split == "test"))
  images = rng.integers(0, 256, (num, *ds_info.image_shape), dtype=np.uint8)
  return images, rng.integers(0, ds_info.num_classes, num).astype(np.int64)


def load(data_config, split="train", seed=0):
  """Returns (images uint8 [N, H, W, C], labels int64 [N], description of the source)."""
  ds_info = info(data_config.name)
  name, source, data_dir = ds_info.name, data_config.source, data_config.data_dir
  if source == "synthetic":
    images, labels = _synthetic(ds_info, split, data_config.synthetic_examples, seed)
    return images, labels, f"synthetic random images ({len(images)} examples, tests only)"
  tried = []
  shown_dir = data_dir or "~/tensorflow_datasets"
  if source in ("auto", "tfds"):
    if _tfds_prepared(name, data_dir):
      images, labels = _from_tfds(name, split, data_dir, download=False)
      return images, labels, f"TFDS {name}:{split} from {shown_dir} ({len(images)} examples)"
    tried.append(f"TFDS: {name!r} is not prepared in data_dir {shown_dir}")
  if source in ("auto", "local"):
    try:
      splits, paths = local.LOADERS[name]()
      images, labels = splits[split]
      desc = f"LOCAL COPY of {name}:{split} ({len(images)} examples) from {', '.join(paths)}"
      logging.warning("DATA: using the %s. For the TFDS copy run `tfds build %s "
                      "--data_dir=%s` on a machine that is online.", desc, name, shown_dir)
      return images, labels, desc
    except FileNotFoundError as e:
      tried.append(f"local copy: {e}")
  if source in ("auto", "tfds") and data_config.download:
    logging.info("Asking TFDS to download %s into %s.", name, shown_dir)
    try:
      images, labels = _from_tfds(name, split, data_dir, download=True)
      return images, labels, f"TFDS {name}:{split}, downloaded ({len(images)} examples)"
    except Exception as e:  # noqa: BLE001  (any download failure ends in the message below)
      tried.append(f"TFDS download: {type(e).__name__}: {e}")
  raise DataNotFoundError(
      f"Dataset {name!r} (split {split!r}) was not found. Tried:\n  - " + "\n  - ".join(tried)
      + f"\nTo get it: run tools/setup.sh (installs the offline copies), or on a machine "
      f"that is online run `tfds build {name} --data_dir=DIR` and pass "
      f"--config.data.data_dir=DIR.")
