"""A feature space: a network that maps images in [0, 1] to feature vectors (for Fréchet
distance, KID, precision/recall) and class probabilities (for the Inception score)."""
import keras
import numpy as np
import tensorflow as tf


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
