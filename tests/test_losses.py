import numpy as np
import pytest
import tensorflow as tf

from zoo.objectives import losses

LOGITS = np.array([-3.0, -0.5, 0.0, 0.7, 4.0], np.float32)


def sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x.astype(np.float64)))


def test_minimax_discriminator_loss_is_minus_log_d_real_minus_log_one_minus_d_fake():
  real, fake = LOGITS, LOGITS[::-1].copy()
  expected = -np.log(sigmoid(real)) - np.log(1.0 - sigmoid(fake))
  np.testing.assert_allclose(losses.minimax_discriminator_loss(real, fake), expected, rtol=1e-5)


def test_minimax_generator_loss_is_log_one_minus_d_fake():
  np.testing.assert_allclose(losses.minimax_generator_loss(LOGITS),
                             np.log(1.0 - sigmoid(LOGITS)), rtol=1e-5)


def test_non_saturating_generator_loss_is_minus_log_d_fake():
  np.testing.assert_allclose(losses.non_saturating_generator_loss(LOGITS),
                             -np.log(sigmoid(LOGITS)), rtol=1e-5)


def test_hand_computed_value_at_d_equal_one_half():
  # D = 1/2 everywhere (logit 0): the equilibrium of the paper, V = -log 4.
  zero = tf.zeros([3])
  np.testing.assert_allclose(losses.minimax_discriminator_loss(zero, zero), np.log(4.0) * np.ones(3),
                             rtol=1e-6)
  np.testing.assert_allclose(losses.non_saturating_generator_loss(zero), np.log(2.0) * np.ones(3),
                             rtol=1e-6)


def test_non_saturating_loss_keeps_its_gradient_where_minimax_saturates():
  fake = tf.constant([-10.0])  # D confidently rejects G(z), as early in training
  grads = {}
  for name, fn in losses.GENERATOR_LOSSES.items():
    with tf.GradientTape() as tape:
      tape.watch(fake)
      loss = fn(fake)
    grads[name] = abs(float(tape.gradient(loss, fake)[0]))
  assert grads["minimax"] < 1e-4 < 0.99 < grads["non_saturating"]


@pytest.mark.parametrize("fn", [losses.minimax_generator_loss,
                                losses.non_saturating_generator_loss])
def test_generator_losses_are_finite_for_saturated_logits(fn):
  x = tf.constant([-200.0, 200.0])
  with tf.GradientTape() as tape:
    tape.watch(x)
    y = fn(x)
  assert np.all(np.isfinite(y)) and np.all(np.isfinite(tape.gradient(y, x)))


SCORES_REAL = np.array([2.0, -0.5, 0.3], np.float32)
SCORES_FAKE = np.array([-1.0, 0.8, 0.0], np.float32)


@pytest.mark.parametrize("name,expected_d,expected_g", [
    ("wasserstein", SCORES_FAKE - SCORES_REAL, -SCORES_FAKE),
    ("hinge", np.maximum(0, 1 - SCORES_REAL) + np.maximum(0, 1 + SCORES_FAKE), -SCORES_FAKE),
    ("least_squares", 0.5 * (SCORES_REAL - 1) ** 2 + 0.5 * SCORES_FAKE ** 2,
     0.5 * (SCORES_FAKE - 1) ** 2),
])
def test_raw_score_losses_match_their_formulas(name, expected_d, expected_g):
  np.testing.assert_allclose(losses.DISCRIMINATOR_LOSSES[name](SCORES_REAL, SCORES_FAKE),
                             expected_d, rtol=1e-6)
  np.testing.assert_allclose(losses.GENERATOR_LOSSES[name](SCORES_FAKE), expected_g, rtol=1e-6)


def test_hand_computed_hinge_and_least_squares_values():
  # D(x) = 0.3, D(G(z)) = 0: hinge 0.7 + 1 = 1.7; least squares 0.5*0.49 + 0 = 0.245.
  np.testing.assert_allclose(losses.hinge_discriminator_loss(tf.constant([0.3]),
                                                             tf.constant([0.0])), [1.7])
  np.testing.assert_allclose(losses.least_squares_discriminator_loss(
      tf.constant([0.3]), tf.constant([0.0])), [0.245], rtol=1e-6)


def linear_critic(weights):
  w = tf.constant(weights.reshape(-1), tf.float32)
  return lambda x, training=False: tf.reduce_sum(tf.reshape(x, [tf.shape(x)[0], -1]) * w, 1)


@pytest.mark.parametrize("norm,expected", [(1.0, 0.0), (2.0, 1.0), (0.5, 0.25)])
def test_gradient_penalty_of_a_linear_critic(norm, expected):
  """D(x) = w.x has gradient w everywhere: the penalty is (||w|| - 1)^2, so 0 at ||w|| = 1."""
  rng = np.random.default_rng(0)
  w = rng.normal(size=(4, 4, 1))
  w *= norm / np.linalg.norm(w)
  real, fake = (tf.constant(rng.uniform(size=(6, 4, 4, 1)), tf.float32) for _ in range(2))
  eps = tf.constant(rng.uniform(size=6), tf.float32)
  penalty = losses.gradient_penalty(linear_critic(w), real, fake, eps)
  assert penalty.shape == (6,)
  np.testing.assert_allclose(penalty, np.full(6, expected), atol=1e-5)


def test_gradient_penalty_is_differentiable_in_the_critics_weights():
  w = tf.Variable(tf.fill([16], 2.0))
  critic = lambda x, training=False: tf.reduce_sum(tf.reshape(x, [-1, 16]) * w, 1)
  real, fake = tf.ones([2, 4, 4, 1]), tf.zeros([2, 4, 4, 1])
  with tf.GradientTape() as tape:
    penalty = tf.reduce_mean(losses.gradient_penalty(critic, real, fake, tf.constant([0.3, 0.6])))
  grad = tape.gradient(penalty, w)  # d/dw (||w|| - 1)^2 = 2 (||w|| - 1) w / ||w||
  np.testing.assert_allclose(grad, np.full(16, 2 * (8 - 1) * 2 / 8), rtol=1e-5)


def _numpy_mmd2(x, y, bandwidths):
  """The biased MMD^2 estimate by explicit double loops over pairs."""
  def mean_kernel(a, b):
    total = 0.0
    for u in a:
      for v in b:
        d2 = float(np.sum((u - v) ** 2))
        total += sum(np.exp(-d2 / (2 * s * s)) for s in bandwidths)
    return total / (len(a) * len(b))
  return mean_kernel(x, x) + mean_kernel(y, y) - 2 * mean_kernel(x, y)


def test_mmd_is_zero_for_identical_samples():
  x = np.random.default_rng(0).normal(size=(16, 3, 2)).astype(np.float32)
  assert abs(float(losses.mmd2(x, x, (1.0, 4.0)))) < 1e-5


def test_mmd_matches_a_direct_numpy_computation():
  rng = np.random.default_rng(1)
  x = rng.normal(size=(7, 5)).astype(np.float32)
  y = (rng.normal(size=(9, 5)) + 0.7).astype(np.float32)
  bandwidths = (0.5, 2.0, 5.0)
  expected = _numpy_mmd2(x.astype(np.float64), y.astype(np.float64), bandwidths)
  np.testing.assert_allclose(float(losses.mmd2(x, y, bandwidths)), expected, rtol=1e-4)
  np.testing.assert_allclose(float(losses.mmd_generator_loss(x, y, bandwidths)),
                             np.sqrt(expected), rtol=1e-4)


def test_mmd_grows_with_the_distance_between_the_samples():
  x = np.random.default_rng(2).normal(size=(64, 2)).astype(np.float32)
  values = [float(losses.mmd2(x, x + shift, (1.0,))) for shift in (0.0, 0.5, 1.0, 2.0)]
  assert values[0] < 1e-5 and values == sorted(values) and values[-1] > 0.5


def test_negative_elbo_matches_its_formula():
  rng = np.random.default_rng(3)
  x = rng.uniform(size=(4, 2, 3, 1)).astype(np.float32)
  logits = rng.normal(size=(4, 2, 3, 1)).astype(np.float32)
  mean, log_var = rng.normal(size=(2, 4, 5)).astype(np.float32)
  reconstruction, kl = losses.negative_elbo(x, logits, mean, log_var)
  p = sigmoid(logits)
  expected_rec = -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(4, -1).sum(1)
  # KL(N(m, v) || N(0, 1)) per dimension = (v + m^2 - 1 - log v) / 2
  expected_kl = 0.5 * (np.exp(log_var) + mean ** 2 - 1 - log_var).sum(1)
  np.testing.assert_allclose(reconstruction, expected_rec, rtol=1e-5)
  np.testing.assert_allclose(kl, expected_kl, rtol=1e-5)
  # Hand-computed: the posterior equal to the prior costs nothing.
  zeros = np.zeros((1, 3), np.float32)
  assert float(losses.negative_elbo(x[:1], logits[:1], zeros, zeros)[1][0]) == 0.0
