"""Low-dimensional distributions with known modes, sampled on the fly (no files).

gaussian_1d: N(4, 0.5^2), the 1-D target of Goodfellow et al. 2014's Figure 1.
ring8:  8 Gaussians (std 0.02) evenly spaced on a circle of radius 2 (Metz et al. 2017).
grid25: 25 Gaussians (std 0.05) on the grid {-4, -2, 0, 2, 4}^2 (VEEGAN, PacGAN).
ring8_r1: 8 Gaussians (std 0.01) evenly spaced on the unit circle (PacGAN's ring).
Labels are the index of the mode each point was drawn from.
"""
import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class Mixture:
  """An equal-weight mixture of isotropic Gaussians."""
  centers: np.ndarray  # [modes, dim]
  std: float

  def sample(self, n, seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(self.centers), n)
    points = self.centers[labels] + self.std * rng.standard_normal((n, self.centers.shape[1]))
    return points.astype(np.float32), labels.astype(np.int64)


def _ring(modes=8, radius=2.0):
  angles = 2 * np.pi * np.arange(modes) / modes
  return np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1)


def _grid(side=5, spacing=2.0):
  ticks = (np.arange(side) - (side - 1) / 2) * spacing
  return np.array([(x, y) for x in ticks for y in ticks], np.float64)


MIXTURES = {
    "gaussian_1d": Mixture(np.array([[4.0]]), 0.5),
    "ring8": Mixture(_ring(), 0.02),
    "grid25": Mixture(_grid(), 0.05),
    "ring8_r1": Mixture(_ring(radius=1.0), 0.01),
}

SPLIT_SEEDS = {"train": 0, "validation": 1, "test": 2}
EXAMPLES = {"train": 100_000, "validation": 10_000, "test": 10_000}


def load(name, split, num=None, seed=0):
  """(points float32 [N, dim], mode labels int64 [N]) of the split; fixed per split."""
  if split not in SPLIT_SEEDS:
    raise ValueError(f"Unknown split {split!r} for {name}; use one of {sorted(SPLIT_SEEDS)}.")
  return MIXTURES[name].sample(num or EXAMPLES[split], seed=1000 * seed + SPLIT_SEEDS[split])
