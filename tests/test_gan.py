"""The train_step math: which variables move, the losses' values, k D steps per G step."""
import numpy as np
import pytest

from tests import helpers
from zoo.training import trainer


def make_gan(**overrides):
  config = helpers.small_config()
  config.model.dropout = 0.0
  config.model.input_dropout = 0.0
  for key, value in overrides.items():
    section, field = key.split("__")
    config[section][field] = value
  return trainer.build_model(config, (28, 28, 1)), config


def snapshot(model):
  return [np.array(v) for v in model.trainable_variables]


def changed(before, model):
  return [not np.array_equal(b, np.asarray(v)) for b, v in zip(before, model.trainable_variables)]


def real_batch(n=8, seed=0):
  return np.random.default_rng(seed).uniform(size=(n, 28, 28, 1)).astype(np.float32)


def test_discriminator_step_moves_only_d():
  gan, _ = make_gan()
  g0, d0 = snapshot(gan.generator), snapshot(gan.discriminator)
  gan._d_step(real_batch())
  assert all(changed(d0, gan.discriminator)) and not any(changed(g0, gan.generator))


def test_generator_step_moves_only_g():
  gan, _ = make_gan()
  g0, d0 = snapshot(gan.generator), snapshot(gan.discriminator)
  gan._g_step(real_batch())
  assert all(changed(g0, gan.generator)) and not any(changed(d0, gan.discriminator))


@pytest.mark.parametrize("k", [1, 3])
def test_k_discriminator_steps_per_generator_step(k):
  gan, _ = make_gan(gan__d_steps=k)
  gan.train_step((real_batch(8 * k), np.zeros(8 * k)))
  assert int(gan.d_optimizer.iterations) == k
  assert int(gan.g_optimizer.iterations) == int(gan.step) == 1


def constant_generator(gan):
  """Zero kernels: G(z) = sigmoid(bias) for every z, so D(G(z)) is known in advance."""
  for layer in gan.generator.hidden + [gan.generator.out]:
    layer.kernel.assign(np.zeros(layer.kernel.shape, np.float32))
  return np.asarray(gan.generator(gan.generator.sample_latent(1, seed=0)))


@pytest.mark.parametrize("generator_loss", ["minimax", "non_saturating"])
def test_reported_losses_match_their_formulas(generator_loss):
  gan, _ = make_gan(gan__generator_loss=generator_loss)
  gan.d_optimizer.learning_rate = 0.0  # nothing moves: every logit is known before the step
  gan.g_optimizer.learning_rate = 0.0
  fake = constant_generator(gan)
  real = real_batch()
  real_logits = np.asarray(gan.discriminator(real), np.float64)
  fake_logit = float(np.asarray(gan.discriminator(fake))[0])
  logs = gan.train_step((real, np.zeros(8)))
  softplus = lambda x: np.log1p(np.exp(x))
  expected_d = np.mean(softplus(-real_logits)) + softplus(fake_logit)
  expected_g = -softplus(fake_logit) if generator_loss == "minimax" else softplus(-fake_logit)
  np.testing.assert_allclose(float(logs["d_loss"]), expected_d, rtol=1e-4)
  np.testing.assert_allclose(float(logs["g_loss"]), expected_g, rtol=1e-4)
  np.testing.assert_allclose(float(logs["d_real"]), np.mean(1 / (1 + np.exp(-real_logits))),
                             rtol=1e-4)
  np.testing.assert_allclose(float(logs["d_fake"]), 1 / (1 + np.exp(-fake_logit)), rtol=1e-4)


def test_generator_step_raises_d_of_g_of_z():
  gan, _ = make_gan()
  gan.g_optimizer.learning_rate = 0.5
  z = gan.generator.sample_latent(64, seed=3)
  before = float(np.mean(gan.discriminator(gan.generator(z))))
  for _ in range(5):
    gan._g_step(real_batch(64))
  assert float(np.mean(gan.discriminator(gan.generator(z)))) > before
