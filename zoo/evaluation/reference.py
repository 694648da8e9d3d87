"""Reference features of your own datasets, cached under their content fingerprint: the
second evaluation against the same images (same files, split, shape, resize and feature
network) loads them from `$ZOO_DATA_HOME/reference/` instead of recomputing them."""
import os

import numpy as np
from absl import logging

from zoo.data import folder, local, records

OWN_DATA = ("folder", "tfrecord")


def key(data_config, split, image_shape):
  """A name for the `split` images of a folder or TFRecord dataset, from their content;
  None for the zoo's named datasets (nothing to cache)."""
  if data_config.source not in OWN_DATA:
    return None
  if data_config.source == "tfrecord":
    meta = records.metadata(data_config.path)
    content, resize = meta["fingerprint"], meta["resize"]
  else:
    paths = folder.scan(data_config.path, data_config.test_fraction)[0][split]
    content, resize = folder.fingerprint_files(data_config.path, paths), data_config.resize
  return f"{content[:24]}-{split}-{'x'.join(map(str, image_shape))}-{resize}"


def _path(name, space):
  return local.data_home() / "reference" / f"{name}-{space}.npy"


def load(name, space):
  """The cached features, or None."""
  path = _path(name, space)
  if not path.exists():
    return None
  logging.info("Reference %s features from the cache: %s", space, path)
  return np.load(path)


def save(name, space, features):
  path = _path(name, space)
  path.parent.mkdir(parents=True, exist_ok=True)
  tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")  # writers in parallel (pytest -n) differ
  np.save(tmp, features)
  tmp.rename(path)  # whole or absent
