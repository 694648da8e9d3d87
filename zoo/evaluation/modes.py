"""Mode coverage on the toy mixtures (zoo/data/toy.py). A sample is of high quality when it
lies within 3 standard deviations of its nearest mode (VEEGAN, Srivastava et al. 2017).
`modes_with_a_sample` is the papers' count: VEEGAN counts a mode captured when it is the
nearest mode of at least one high-quality sample, and PacGAN's released code (Lin et al.
2018, synthetic_data_experiments, MetricLogger), whose Table 1 cites VEEGAN's measures,
counts the modes with a nonzero number of them. `modes_covered` is the zoo's stricter count:
at least 20 high-quality samples per 2,500 (0.8%, a fifth of a uniform share on 25 modes), so
that a mode G reaches with a stray sample or two is not counted."""
import numpy as np

STRICT_MIN_FRACTION = 20 / 2500


def mode_coverage(samples, centers, std, min_fraction=STRICT_MIN_FRACTION):
  """Returns modes_covered, num_modes, high_quality_fraction and the count per mode."""
  samples = np.asarray(samples, np.float64).reshape(len(samples), -1)
  centers = np.asarray(centers, np.float64)
  distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
  nearest = distances.argmin(axis=1)
  good = distances[np.arange(len(samples)), nearest] <= 3.0 * std
  counts = np.bincount(nearest[good], minlength=len(centers))
  covered = int(np.sum(counts >= min_fraction * len(samples)))
  return {"modes_covered": covered, "num_modes": len(centers),
          "high_quality_fraction": float(good.mean()),
          "modes_with_a_sample": int(np.sum(counts > 0)), "samples_per_mode": counts.tolist()}


def distance_from_one_half(d_of_x):
  """Mean |D(x) - 1/2|: 0 at the equilibrium of Goodfellow et al. 2014, where D* = 1/2."""
  return float(np.mean(np.abs(np.asarray(d_of_x, np.float64) - 0.5)))
