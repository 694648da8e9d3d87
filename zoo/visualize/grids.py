"""Image grids and PNG files (TensorFlow's PNG encoder; no imaging library needed)."""
import math
import os

import numpy as np
import tensorflow as tf


def to_uint8(images):
  """[N, H, W, C] floats in [0, 1] -> uint8."""
  return np.clip(np.round(np.asarray(images, np.float32) * 255.0), 0, 255).astype(np.uint8)


def grid(images, rows=None, pad=1):
  """Tiles [N, H, W, C] images (uint8 or floats in [0, 1]) into one [H', W', C] uint8 image."""
  images = np.asarray(images)
  if images.ndim != 4:
    raise ValueError(f"grid() needs images [N, H, W, C], got shape {images.shape}.")
  if images.dtype != np.uint8:
    images = to_uint8(images)
  n, h, w, c = images.shape
  rows = rows or int(math.ceil(math.sqrt(n)))
  cols = int(math.ceil(n / rows))
  out = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, c), 255, np.uint8)
  for i in range(n):
    r, col = divmod(i, cols)
    out[pad + r * (h + pad):pad + r * (h + pad) + h,
        pad + col * (w + pad):pad + col * (w + pad) + w] = images[i]
  return out


def write_png(path, image):
  """Writes a [H, W, C] uint8 image atomically (temp file, then rename)."""
  os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
  tmp = f"{path}.tmp{os.getpid()}"
  tf.io.write_file(tmp, tf.io.encode_png(image))
  os.replace(tmp, path)


def translation_grid(sources, outputs, targets=None, pad=1):
  """One row per example: its input (nearest-neighbour upscaled to the output's size), the
  output and, when given, the target."""
  outputs = np.asarray(outputs, np.float32)
  sources = np.asarray(sources, np.float32)
  h, w = outputs.shape[1:3]
  sources = np.repeat(np.repeat(sources, h // sources.shape[1], axis=1), w // sources.shape[2],
                      axis=2)
  if sources.shape[-1] != outputs.shape[-1]:
    sources = np.broadcast_to(sources.mean(-1, keepdims=True), outputs.shape)
  panels = [sources, outputs] + ([np.asarray(targets, np.float32)] if targets is not None
                                 else [])
  return panel_grid(panels, pad)


def panel_grid(panels, pad=1):
  """One row per example, one column per panel (each [N, H, W, C], the same shape)."""
  panels = [np.asarray(p) for p in panels]
  return grid(np.stack(panels, axis=1).reshape(-1, *panels[0].shape[1:]), rows=len(panels[0]),
              pad=pad)
