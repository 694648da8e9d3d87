"""The paper's Parzen-window log-likelihood and the toy mixtures' mode counts, against
analytic values and constructed samples."""
import numpy as np

from zoo.data import toy
from zoo.evaluation import modes, parzen


def test_parzen_log_likelihood_of_a_gaussian_matches_the_analytic_value():
  # Samples from N(0, I_d) smoothed by a kernel of width s estimate N(0, (1 + s^2) I_d):
  # E_x log N(x; 0, (1 + s^2) I) = -d/2 log(2 pi (1 + s^2)) - d / (2 (1 + s^2)).
  rng = np.random.default_rng(0)
  d, s = 2, 0.3
  samples, test = rng.normal(size=(20_000, d)), rng.normal(size=(4_000, d))
  expected = -d / 2 * np.log(2 * np.pi * (1 + s ** 2)) - d / (2 * (1 + s ** 2))
  got = parzen.log_likelihoods(samples, test, [s])[0]
  np.testing.assert_allclose(got.mean(), expected, atol=0.02)


def test_parzen_evaluation_picks_the_sigma_that_fits_the_validation_set_best():
  rng = np.random.default_rng(1)
  samples = rng.normal(size=(5_000, 3))
  validation, test = rng.normal(size=(500, 3)), rng.normal(size=(1_000, 3))
  sigmas = (0.01, 0.3, 5.0)
  report = parzen.parzen_evaluation(samples, validation, test, sigmas)
  assert report["sigma"] == 0.3
  per_sigma = report["validation_log_likelihood"]
  assert max(per_sigma, key=per_sigma.get) == "0.3"
  ll = parzen.log_likelihoods(samples, test, [0.3])[0]
  np.testing.assert_allclose(report["log_likelihood"], ll.mean())
  np.testing.assert_allclose(report["standard_error"], ll.std() / np.sqrt(1_000))


def test_parzen_log_likelihood_of_one_sample_is_a_gaussian_log_density():
  x, mu, s = np.array([[0.5, -1.0]]), np.array([[0.0, 0.0]]), 0.7
  expected = -np.sum((x - mu) ** 2) / (2 * s * s) - 2 * np.log(s * np.sqrt(2 * np.pi))
  np.testing.assert_allclose(parzen.log_likelihoods(mu, x, [s])[0, 0], expected)


def test_mode_coverage_counts_modes_with_enough_high_quality_samples():
  mixture = toy.MIXTURES["ring8"]
  rng = np.random.default_rng(2)
  near = [mixture.centers[i] + mixture.std * rng.normal(size=(100, 2)) * 0.5 for i in range(5)]
  stray = np.full((100, 2), 10.0)       # far from every mode: low quality
  few = mixture.centers[5] + np.zeros((2, 2))  # 2 of 602 samples: below 0.8%, not covered
  report = modes.mode_coverage(np.concatenate(near + [stray, few]), mixture.centers,
                               mixture.std)
  assert report["modes_covered"] == 5 and report["num_modes"] == 8
  np.testing.assert_allclose(report["high_quality_fraction"], 502 / 602)
  assert report["samples_per_mode"] == [100] * 5 + [2, 0, 0]
  assert report["modes_with_a_sample"] == 6  # the papers' count: one high-quality sample is enough


def test_mode_coverage_of_the_data_itself_is_complete():
  mixture = toy.MIXTURES["grid25"]
  points, _ = toy.load("grid25", "test", 2500)
  report = modes.mode_coverage(points, mixture.centers, mixture.std)
  assert report["modes_covered"] == 25
  # |x - mode|^2 / std^2 is chi-squared with 2 degrees of freedom: P(<= 9) = 1 - e^-4.5.
  np.testing.assert_allclose(report["high_quality_fraction"], 1 - np.exp(-4.5), atol=0.005)


def test_distance_from_one_half():
  assert modes.distance_from_one_half([0.5, 0.5]) == 0
  np.testing.assert_allclose(modes.distance_from_one_half([0.2, 0.9]), 0.35)
