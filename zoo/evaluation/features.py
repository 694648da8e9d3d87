"""A feature space: a network that maps images in [0, 1] to feature vectors (for Fréchet
distance, KID, precision/recall) and class probabilities (for the Inception score)."""
import keras
import numpy as np
import tensorflow as tf


def batched(fn, images, batch_size, progress=False):
  """fn over `images` in batches of `batch_size`, as one float32 array."""
  bar = keras.utils.Progbar(len(images), unit_name="image") if progress else None
  out = []
  for i in range(0, len(images), batch_size):
    out.append(np.asarray(fn(tf.constant(images[i:i + batch_size])), np.float32))
    if bar:
      bar.add(len(out[-1]))
  return np.concatenate(out)


class FeatureSpace:
  """`fn(images float32 [b, H, W, C] in [0, 1]) -> (features [b, d], probs [b, k])`."""

  def __init__(self, name, fn, description, batch_size=250):
    self.name, self.description, self.batch_size = name, description, batch_size
    self._fn = tf.function(fn, reduce_retracing=True)

  def __call__(self, images, progress=False):
    """Features and probabilities of all `images`, batch by batch."""
    images = np.asarray(images)
    bar = keras.utils.Progbar(len(images), unit_name="image") if progress else None
    features, probs = [], []
    for start in range(0, len(images), self.batch_size):
      batch = images[start:start + self.batch_size]
      f, p = self._fn(tf.convert_to_tensor(batch, tf.float32))
      features.append(np.asarray(f, np.float64))
      probs.append(np.asarray(p, np.float64))
      if bar:
        bar.add(len(batch))
    return np.concatenate(features), np.concatenate(probs)
