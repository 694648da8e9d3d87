"""Paired images for image-to-image models: the input made from each target by a named,
fixed transform of a dataset the zoo already reads.

  downscale:K   area downscaling by K (super-resolution x K): [H, W, C] -> [H/K, W/K, C]
  edges         Sobel gradient magnitude, scaled to [0, 1] per image (pix2pix's edges)
  mask:center   the central half of the image set to 0 (inpainting as translation)
  paired[:K]    no transform: pairs read from a paired folder (zoo/data/paired.py), the
                inputs K times smaller (K = 1 by default)

A transform is a pure TensorFlow function of a batch of targets in [0, 1], so training,
evaluation and generation make the same inputs from the same images, on any source.
"""
import dataclasses

import tensorflow as tf

NAMES = ("downscale:K", "edges", "mask:center", "paired[:K]")


class PairTransformError(ValueError):
  """An unknown transform name, or one that does not fit the images."""


@dataclasses.dataclass(frozen=True)
class PairTransform:
  """`name` (one of NAMES) and the downscaling factor it holds (1 for the others)."""
  name: str
  factor: int = 1

  def input_shape(self, target_shape):
    """The shape [h, w, C] of one input made from targets of `target_shape`."""
    h, w, c = target_shape
    if h % self.factor or w % self.factor:
      raise PairTransformError(f"{self.name} needs image sides divisible by {self.factor}, "
                               f"got {h}x{w}.")
    return (h // self.factor, w // self.factor, c)

  @property
  def paired(self):
    """The inputs come with the data (data.source=paired_folder), not from the targets."""
    return self.name.startswith("paired")

  def __call__(self, targets):
    """Inputs [B, h, w, C] in [0, 1] for targets [B, H, W, C] in [0, 1]."""
    if self.paired:
      raise PairTransformError(f"{self.name}: the inputs of this model come with its data "
                               "(data.source=paired_folder); there is no transform to make "
                               "them from targets.")
    targets = tf.convert_to_tensor(targets, tf.float32)
    if self.factor > 1:
      size = tf.shape(targets)[1:3] // self.factor
      return tf.image.resize(targets, size, method="area")
    if self.name == "edges":
      return _edges(targets)
    return _mask_center(targets)


def parse(name):
  """The PairTransform named `name` (e.g. "downscale:4"); PairTransformError lists NAMES."""
  kind, _, arg = str(name).partition(":")
  if kind == "downscale" and arg.isdigit() and int(arg) >= 2:
    return PairTransform(name, int(arg))
  if name in ("edges", "mask:center", "paired"):
    return PairTransform(name)
  if kind == "paired" and arg.isdigit() and int(arg) >= 1:
    return PairTransform(name, int(arg))
  raise PairTransformError(f"Unknown pair transform {name!r}; known: {', '.join(NAMES)} "
                           "(K an integer >= 2).")


def _edges(images):
  """Sobel magnitude of the grey image, divided by each image's maximum (0 for flat ones),
  with the input's channel count."""
  grey = tf.reduce_mean(images, axis=-1, keepdims=True)
  magnitude = tf.norm(tf.image.sobel_edges(grey), axis=-1)  # [B, H, W, 1]
  peak = tf.reduce_max(magnitude, axis=[1, 2, 3], keepdims=True)
  edges = tf.math.divide_no_nan(magnitude, peak)
  return tf.tile(edges, [1, 1, 1, tf.shape(images)[-1]])


def _mask_center(images):
  shape = tf.shape(images)
  h, w = shape[1], shape[2]
  rows = tf.range(h)[:, None]
  cols = tf.range(w)[None, :]
  inside = ((rows >= h // 4) & (rows < h - h // 4)) & ((cols >= w // 4) & (cols < w - w // 4))
  return images * tf.cast(~inside, images.dtype)[None, :, :, None]


def unpaired(images_a, images_b, seed=0):
  """Unpaired training examples of two domains as one array: image i of A joined along
  channels to a random image of B (uint8 [n, H, W, Ca + Cb], n the smaller count), which
  CycleGAN's batches split again (objectives/cyclegan.py)."""
  import numpy as np
  if images_a.shape[1:3] != images_b.shape[1:3]:
    raise PairTransformError(f"Unpaired domains need one image size: {images_a.shape[1:3]} "
                             f"and {images_b.shape[1:3]}.")
  n = min(len(images_a), len(images_b))
  pick = np.random.default_rng(seed).permutation(len(images_b))[:n]
  return np.concatenate([images_a[:n], images_b[pick]], axis=-1)
