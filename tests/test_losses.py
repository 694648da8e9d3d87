import numpy as np
import pytest
import tensorflow as tf

from zoo import losses

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
