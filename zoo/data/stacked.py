"""Stacked MNIST (Metz et al. 2017, "Unrolled GANs"; PacGAN's Table 2): three MNIST digits
drawn at random as the three channels of one 28x28 image, so the data has 1,000 modes (the
digit triples). A fixed set per split: 50,000 training and 10,000 test triples, drawn by
a fixed seed from MNIST's own split (here: whichever MNIST source zoo.data finds)."""
import numpy as np

SIZES = {"train": 50_000, "test": 10_000}


def stack(images, labels, num, seed):
  """(images uint8 [num, H, W, 3] from three random digits each, labels 100 a + 10 b + c)."""
  idx = np.random.default_rng(seed).integers(0, len(images), (num, 3))
  stacked = np.concatenate([images[idx[:, i]] for i in range(3)], axis=-1)
  labels = np.asarray(labels)[idx]
  return stacked, (100 * labels[:, 0] + 10 * labels[:, 1] + labels[:, 2]).astype(np.int64)


def mode_histogram(digits):
  """Counts of the 1,000 triples among samples whose channels were read as `digits`
  [N, 3] (class ids): modes covered (count > 0) and KL(sample histogram || uniform)."""
  ids = 100 * digits[:, 0] + 10 * digits[:, 1] + digits[:, 2]
  counts = np.bincount(ids, minlength=1000)
  p = counts[counts > 0] / len(ids)
  return {"modes": int(np.sum(counts > 0)), "kl": float(np.sum(p * np.log(p * 1000))),
          "counts": counts.tolist()}
