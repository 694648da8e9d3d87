"""Masks for inpainting, float32 [N, H, W, 1] with 1 = known pixel and 0 = to fill:
`bottom_half`, `left_half`, `center` (the middle half of each side), `random:F` (a fraction
F of the pixels unknown, drawn by seed), or a PNG file (nonzero = known) used for every
image."""
import pathlib

import numpy as np

NAMES = ("bottom_half", "left_half", "center", "random:F", "FILE.png")


def make(spec, num, height, width, seed=0):
  known = np.ones((num, height, width, 1), np.float32)
  if spec == "bottom_half":
    known[:, height // 2:] = 0.0
  elif spec == "left_half":
    known[:, :, :width // 2] = 0.0
  elif spec == "center":
    known[:, height // 4:height - height // 4, width // 4:width - width // 4] = 0.0
  elif spec.startswith("random:"):
    try:
      fraction = float(spec.split(":", 1)[1])
    except ValueError:
      fraction = -1.0
    if not 0.0 <= fraction <= 1.0:
      raise ValueError(f"mask {spec!r}: random:F needs a fraction F in [0, 1], e.g. random:0.5")
    rng = np.random.default_rng(seed)
    known = (rng.uniform(size=known.shape) >= fraction).astype(np.float32)
  elif spec.endswith(".png"):
    known = np.broadcast_to(_from_png(spec, height, width), known.shape).copy()
  else:
    raise ValueError(f"Unknown mask {spec!r}; use one of {', '.join(NAMES)}.")
  return known


def _from_png(path, height, width):
  import tensorflow as tf
  if not pathlib.Path(path).is_file():
    raise FileNotFoundError(f"mask file {path} does not exist")
  image = tf.io.decode_png(tf.io.read_file(path), channels=1)
  if tuple(image.shape[:2]) != (height, width):
    raise ValueError(f"mask file {path} is {image.shape[1]}x{image.shape[0]}; the model's "
                     f"images are {width}x{height}")
  return (image.numpy() > 0).astype(np.float32)[None]
