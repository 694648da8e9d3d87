"""Semi-supervised data (Salimans et al. 2016, section 5): `n` labelled training images,
balanced over the classes and chosen by a seed, the other training images unlabelled (or
`unlabeled` of them, chosen by the same seed: to measure how the error depends on them).
Each global batch holds as many labelled images (drawn from the labelled set, reshuffled
each pass) as unlabelled ones, as improved-gan's MNIST code does. Two more of that code's
choices are options: its unlabelled set is every training image, the labelled ones too
(`include_labeled`), and G's feature matching reads a second, independent shuffle of it
(`separate_g_batch`: its trainx_unl2) where the zoo otherwise reuses D's unlabelled batch."""
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


def split(images, labels, n, num_classes, seed, unlabeled=0, include_labeled=False):
  """((unlabelled images), (labelled images, their labels)) of a training split; all the
  images not labelled (or all, with `include_labeled`) are unlabelled, or `unlabeled` > 0
  of them chosen by `seed`."""
  chosen = balanced_subset(labels, n, num_classes, seed)
  rest = np.arange(len(labels))
  if not include_labeled:
    rest = np.setdiff1d(rest, chosen)
  if unlabeled > len(rest):
    raise ValueError(f"data.unlabeled={unlabeled} asks for more unlabelled images than the "
                     f"{len(rest)} the training split has to offer; lower it, or 0 for all "
                     f"of them.")
  if unlabeled:
    rest = np.sort(np.random.default_rng([seed, 1]).choice(rest, unlabeled, replace=False))
  return images[rest], (images[chosen], np.asarray(labels)[chosen])


def train_dataset(images, labels, n, num_classes, batch_size, shuffle_buffer, subset_seed,
                  shuffle_seed, unlabeled_count=0, include_labeled=False,
                  separate_g_batch=False):
  """Infinite global batches of ((unlabelled [B, ...], labelled [B, ...]) in [0, 1],
  labels int64 [B]), with `separate_g_batch` ((unlabelled, labelled, G's unlabelled),
  labels); the labelled set (chosen by `subset_seed`) is tiled to a whole batch when
  n < B."""
  unlabeled, (x, y) = split(images, labels, n, num_classes, subset_seed, unlabeled_count,
                            include_labeled)
  repeats = -(-batch_size // len(x))
  x, y = np.concatenate([x] * repeats), np.concatenate([y] * repeats)

  def shuffled_unlabeled(seed):
    return pipeline.train_dataset(unlabeled, np.zeros(len(unlabeled), np.int64), batch_size,
                                  shuffle_buffer, seed).map(lambda u, _: u)

  plain = shuffled_unlabeled(shuffle_seed)
  tagged = pipeline.train_dataset(x, y, batch_size, len(x), shuffle_seed + 1)
  if not separate_g_batch:
    return tf.data.Dataset.zip(plain, tagged).map(
        lambda u, lab: ((u, lab[0]), lab[1]), num_parallel_calls=tf.data.AUTOTUNE)
  return tf.data.Dataset.zip(plain, tagged, shuffled_unlabeled(shuffle_seed + 2)).map(
      lambda u, lab, g: ((u, lab[0], g), lab[1]), num_parallel_calls=tf.data.AUTOTUNE)
