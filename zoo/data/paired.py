"""Paired folders for image-to-image models (`--config.data.source=paired_folder
--config.data.path=DIR --config.translation.pairs=paired[:K]`): `DIR/inputs/` and
`DIR/targets/` hold images of matching names (the same path below each folder, any
extension of zoo/data/folder.py). Targets are read at the model's size, inputs at its
input size (K times smaller for super-resolution by K). Splits: `train/` and `test/`
inside both folders when present, else a fixed hash of the name (`data.test_fraction`),
as for a folder. Pairs where either file does not decode are skipped and counted.

A pair travels as one array: the target's channels, then the input's, upscaled by repeating
each pixel K times (`join`), so the tf.data pipeline and tf.distribute's batch splitting
stay those of every other dataset; the model takes it apart (`split`).
"""
import pathlib

import numpy as np
from absl import logging

from zoo.data import folder


def join(targets, inputs):
  """uint8 [N, H, W, C + c]: each target with its input, K x K pixel blocks for one pixel."""
  factor = targets.shape[1] // inputs.shape[1]
  up = np.repeat(np.repeat(inputs, factor, axis=1), factor, axis=2)
  return np.concatenate([targets, up], axis=-1)


def split(joined, target_channels, factor):
  """(targets [B, H, W, C], inputs [B, H/K, W/K, c]) of a batch made by `join`."""
  return joined[..., :target_channels], joined[:, ::factor, ::factor, target_channels:]


def _by_name(directory):
  return {p.relative_to(directory).with_suffix("").as_posix(): p
          for p in folder.images_under(directory)}


def _pairs(root, split_name, test_fraction):
  """[(name, input path, target path)] of one split, names matched across the folders."""
  inputs, targets = root / "inputs", root / "targets"
  for needed in (inputs, targets):
    if not needed.is_dir():
      raise folder.FolderError(f"{root} needs inputs/ and targets/ folders of images with "
                               f"matching names for data.source=paired_folder; {needed} is "
                               "missing.")
  if (inputs / "train").is_dir():
    inputs, targets = inputs / split_name, targets / split_name
    names = {}
    if inputs.is_dir() and targets.is_dir():
      a, b = _by_name(inputs), _by_name(targets)
      names = {n: (a[n], b[n]) for n in sorted(a.keys() & b.keys())}
  else:
    a, b = _by_name(inputs), _by_name(targets)
    names = {n: (a[n], b[n]) for n in sorted(a.keys() & b.keys())
             if folder.held_out(n, test_fraction) == (split_name == "test")}
    unmatched = len(a.keys() ^ b.keys())
    if unmatched:
      logging.warning("DATA: %d files of %s have no partner of the same name in the other "
                      "folder; left out.", unmatched, root)
  return [(n, i, t) for n, (i, t) in names.items()]


def load(data_config, split_name, image_shape, input_shape):
  """(joined uint8 pairs [N, H, W, C + c] (see `join`), labels (zeros), description)."""
  root = pathlib.Path(data_config.path).expanduser()
  pairs = _pairs(root, split_name, data_config.test_fraction)
  if not pairs:
    raise folder.FolderError(f"{root} has no {split_name} pairs: no file name is in both "
                             "inputs/ and targets/ (and in the split).")
  targets, kept_t = folder.decode([t for _, _, t in pairs], image_shape, data_config.resize)
  inputs, kept_i = folder.decode([i for _, i, _ in pairs], input_shape, data_config.resize)
  both = sorted(set(kept_t.tolist()) & set(kept_i.tolist()))
  if not both:
    raise folder.FolderError(f"None of the {len(pairs)} {split_name} pairs in {root} decodes.")
  position_t = {k: n for n, k in enumerate(kept_t.tolist())}
  position_i = {k: n for n, k in enumerate(kept_i.tolist())}
  both = [both[i] for i in folder.fixed_order(len(both))]  # names may sort by category
  joined = join(targets[[position_t[k] for k in both]], inputs[[position_i[k] for k in both]])
  skipped = len(pairs) - len(both)
  if skipped:
    logging.warning("DATA: skipped %d of %d pairs in %s that did not decode.", skipped,
                    len(pairs), root)
  desc = (f"paired folder {root} ({split_name}: {len(both)} pairs, {skipped} skipped; "
          f"inputs {'x'.join(map(str, input_shape))}, targets {'x'.join(map(str, image_shape))})")
  return joined, np.zeros(len(joined), np.int64), desc
