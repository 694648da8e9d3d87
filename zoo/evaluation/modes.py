"""Mode coverage on the toy mixtures (zoo/data/toy.py), with the protocol of VEEGAN and
PacGAN (Srivastava et al. 2017; Lin et al. 2018): a sample is of high quality when it lies
within 3 standard deviations of its nearest mode, and a mode is covered when at least 20
high-quality samples per 2,500 fall on it (0.8% of the samples). PacGAN's released code
(synthetic_data_experiments, MetricLogger) counts a mode with a single high-quality sample:
`modes_with_a_sample` is that count."""
import numpy as np

PACGAN_MIN_FRACTION = 20 / 2500


def mode_coverage(samples, centers, std, min_fraction=PACGAN_MIN_FRACTION):
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
