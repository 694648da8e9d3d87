"""The feature-space metrics against known answers (no network weights involved)."""
import numpy as np
import pytest

from zoo.evaluation import distances


def _rotation(d, seed):
  q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
  return q


def test_frechet_distance_matches_the_closed_form_for_commuting_covariances():
  # S1 = Q diag(a) Q^T and S2 = Q diag(b) Q^T commute, so Tr(S1 + S2 - 2 (S1 S2)^1/2) is
  # sum (sqrt(a) - sqrt(b))^2.
  d, q = 6, _rotation(6, 0)
  a, b = np.linspace(0.5, 3.0, d), np.linspace(2.0, 0.1, d)
  mu1, mu2 = np.arange(d, dtype=float), np.arange(d, dtype=float)[::-1]
  expected = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)
  got = distances.frechet_distance(mu1, q @ np.diag(a) @ q.T, mu2, q @ np.diag(b) @ q.T)
  np.testing.assert_allclose(got, expected, rtol=1e-9)


def test_frechet_distance_in_one_dimension_is_mean_and_std_gaps_squared():
  np.testing.assert_allclose(distances.frechet_distance([1.0], [[4.0]], [3.0], [[9.0]]),
                             (1 - 3) ** 2 + (2 - 3) ** 2)


def test_frechet_distance_of_non_commuting_covariances_is_symmetric_and_positive():
  rng = np.random.default_rng(1)
  a, b = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
  s1, s2 = a @ a.T + np.eye(5), b @ b.T + np.eye(5)
  d12 = distances.frechet_distance(np.zeros(5), s1, np.zeros(5), s2)
  d21 = distances.frechet_distance(np.zeros(5), s2, np.zeros(5), s1)
  assert d12 > 0.1
  np.testing.assert_allclose(d12, d21, rtol=1e-8)
  np.testing.assert_allclose(distances.frechet_distance(np.zeros(5), s1, np.zeros(5), s1), 0,
                             atol=1e-8)


def test_frechet_distance_of_samples_estimates_that_of_their_gaussians():
  rng = np.random.default_rng(2)
  x = rng.normal(0.0, 1.0, (20_000, 3))
  y = rng.normal(0.5, 2.0, (20_000, 3))
  expected = 3 * 0.5 ** 2 + 3 * (1.0 - 2.0) ** 2
  np.testing.assert_allclose(distances.frechet_distance_of(x, y), expected, rtol=0.03)


def test_kid_is_about_zero_for_one_distribution_and_grows_with_a_shift():
  rng = np.random.default_rng(3)
  x, y = rng.normal(size=(2000, 16)), rng.normal(size=(2000, 16))
  same, _ = distances.kernel_inception_distance(x, y, num_subsets=20, subset_size=500)
  small, _ = distances.kernel_inception_distance(x, y + 0.3, num_subsets=20, subset_size=500)
  large, _ = distances.kernel_inception_distance(x, y + 1.0, num_subsets=20, subset_size=500)
  assert abs(same) < 0.005 < small < large


def test_kid_is_unbiased_hand_computed_for_two_points():
  x, y = np.array([[1.0], [0.0]]), np.array([[2.0], [1.0]])
  k = lambda a, b: (a * b + 1.0) ** 3  # d = 1
  expected = (2 * k(1, 0)) / 2 + (2 * k(2, 1)) / 2 - 2 * np.mean(
      [k(1, 2), k(1, 1), k(0, 2), k(0, 1)])
  mean, std = distances.kernel_inception_distance(x, y, num_subsets=3, subset_size=2)
  np.testing.assert_allclose(mean, expected)
  assert std == 0


def test_precision_and_recall_are_one_for_identical_sets_and_zero_for_disjoint_ones():
  x = np.random.default_rng(4).normal(size=(500, 4))
  assert distances.precision_recall(x, x.copy()) == (1.0, 1.0)
  assert distances.precision_recall(x, x + 100.0) == (0.0, 0.0)


def test_precision_and_recall_separate_quality_from_coverage():
  rng = np.random.default_rng(5)
  real = rng.normal(size=(1000, 2))
  collapsed = rng.normal(size=(1000, 2)) * 0.1  # good samples, one small region
  precision, recall = distances.precision_recall(real, collapsed)
  assert precision > 0.95 and recall < 0.2


def test_inception_score_is_the_class_count_for_confident_balanced_predictions():
  probs = np.eye(10)[np.arange(1000) % 10]
  np.testing.assert_allclose(distances.inception_score(probs)[0], 10.0, rtol=1e-6)
  np.testing.assert_allclose(distances.inception_score(np.eye(10)[np.zeros(1000, int)])[0],
                             1.0, rtol=1e-6)
  np.testing.assert_allclose(distances.inception_score(np.full((100, 10), 0.1))[0], 1.0)


def test_too_few_samples_for_kid_and_precision_recall_fail_clearly():
  with pytest.raises(ValueError, match="at least 2 samples"):
    distances.kernel_inception_distance(np.zeros((1, 3)), np.zeros((5, 3)))
  with pytest.raises(ValueError, match="more than 3 samples"):
    distances.precision_recall(np.zeros((3, 2)), np.zeros((10, 2)))
