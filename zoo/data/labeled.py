"""Semi-supervised data (Salimans et al. 2016, section 5): `n` labelled training images,
balanced over the classes and chosen by a seed, the other training images unlabelled (or
`unlabeled` of them, chosen by the same seed: to measure how the error depends on them).
Each global batch holds as many labelled images (drawn from the labelled set, reshuffled
each pass) as unlabelled ones, as improved-gan's MNIST code does."""
import numpy as np
import tensorflow as tf

from zoo.data import pipeline


def balanced_subset(labels, n, num_classes, seed):
  """Indices of n / num_classes examples of each class, chosen by `seed`, sorted."""
  labels = np.asarray(labels)
  if n <= 0 or n % num_classes:
    raise ValueError(f"data.labeled must be a positive multiple of the {num_classes} classes "
                     f"(the same number of labels per class), got {n}.")
  rng = np.random.default_rng(seed)
  chosen = []
  for k in range(num_classes):
    members = np.flatnonzero(labels == k)
    if len(members) < n // num_classes:
      raise ValueError(f"data.labeled={n} asks for {n // num_classes} images of class {k}; "
                       f"the training split has {len(members)}. Lower data.labeled.")
    chosen.append(rng.choice(members, n // num_classes, replace=False))
  return np.sort(np.concatenate(chosen))


def split(images, labels, n, num_classes, seed, unlabeled=0):
  """((unlabelled images), (labelled images, their labels)) of a training split; all the
  images not labelled are unlabelled, or `unlabeled` > 0 of them chosen by `seed`."""
  chosen = balanced_subset(labels, n, num_classes, seed)
  rest = np.setdiff1d(np.arange(len(labels)), chosen)
  if unlabeled > len(rest):
    raise ValueError(f"data.unlabeled={unlabeled} asks for more unlabelled images than the "
                     f"{len(rest)} the training split has beside the {n} labelled ones; "
                     f"lower it, or 0 for all of them.")
  if unlabeled:
    rest = np.sort(np.random.default_rng([seed, 1]).choice(rest, unlabeled, replace=False))
  return images[rest], (images[chosen], np.asarray(labels)[chosen])


def train_dataset(images, labels, n, num_classes, batch_size, shuffle_buffer, subset_seed,
                  shuffle_seed, unlabeled_count=0):
  """Infinite global batches of ((unlabelled [B, ...], labelled [B, ...]) in [0, 1],
  labels int64 [B]); the labelled set (chosen by `subset_seed`) is tiled to a whole batch
  when n < B."""
  unlabeled, (x, y) = split(images, labels, n, num_classes, subset_seed, unlabeled_count)
  repeats = -(-batch_size // len(x))
  x, y = np.concatenate([x] * repeats), np.concatenate([y] * repeats)
  plain = pipeline.train_dataset(unlabeled, np.zeros(len(unlabeled), np.int64), batch_size,
                                 shuffle_buffer, shuffle_seed)
  tagged = pipeline.train_dataset(x, y, batch_size, len(x), shuffle_seed + 1)
  return tf.data.Dataset.zip(plain, tagged).map(
      lambda u, lab: ((u[0], lab[0]), lab[1]), num_parallel_calls=tf.data.AUTOTUNE)
