"""Simultaneous updates (gan.simultaneous): both gradients at the same weights, trained
under the default mechanics, resumed, and refused where they cannot apply."""
import keras
import numpy as np
import pytest
import tensorflow as tf

import zoo
from tests import helpers
from zoo import config as config_lib
from zoo.objectives import losses
from zoo.objectives.simultaneous import simultaneous_step
from zoo.training import trainer


def _sgd_model(lr=0.5):
  config = zoo.get_config("ring8_r1_pacgan2", size="small")
  config.gan.simultaneous = True
  model = trainer.build_model(config, (2,), jit_compile=False)
  for side, network in (("d_optimizer", model.discriminator),
                        ("g_optimizer", model.generator)):  # updates linear in the gradient
    optimizer = keras.optimizers.SGD(lr)
    optimizer.build(network.trainable_variables)
    setattr(model, side, optimizer)
  return model


def _gradients(model, real, z):
  """D's and G's gradients at the model's current weights, on G(z)."""
  d, g = model.discriminator.trainable_variables, model.generator.trainable_variables
  with tf.GradientTape(persistent=True) as tape:
    fake = model._generate(z)
    real_logits, fake_logits = model._score(real), model._score(fake)
    d_loss = tf.reduce_mean(losses.minimax_discriminator_loss(real_logits, fake_logits))
    g_loss = tf.reduce_mean(losses.non_saturating_generator_loss(fake_logits))
  return tape.gradient(d_loss, d), tape.gradient(g_loss, g)


def test_both_players_step_on_gradients_taken_at_the_same_weights():
  model, lr = _sgd_model(), 0.5
  real = tf.random.normal((8, 2), seed=1)
  z = tf.random.normal((8, 2), seed=2)
  model._noise = lambda x, salt: z
  d_vars, g_vars = model.discriminator.trainable_variables, model.generator.trainable_variables
  d_before, g_before = [v.numpy() for v in d_vars], [v.numpy() for v in g_vars]
  d_grads, g_grads = _gradients(model, real, z)
  simultaneous_step(model, real)
  for v, before, grad in zip(d_vars, d_before, d_grads):
    np.testing.assert_allclose(v.numpy(), before - lr * grad.numpy(), rtol=1e-4, atol=1e-6)
  for v, before, grad in zip(g_vars, g_before, g_grads):
    np.testing.assert_allclose(v.numpy(), before - lr * grad.numpy(), rtol=1e-4, atol=1e-6)
  # Alternation would have taken G's gradient against the updated D: a different step.
  for v, before in zip(g_vars, g_before):
    v.assign(before)
  _, g_after_d = _gradients(model, real, z)
  change = max(float(np.abs(a - b).max() / np.abs(a).max()) for a, b in zip(g_grads, g_after_d))
  assert change > 0.01  # far outside the tolerance above


def test_simultaneous_run_trains_and_resumes(tmp_path):
  config = helpers.small_config("ring8_r1_pacgan2", steps=20)
  config.gan.simultaneous = True
  assert config.train.steps_per_execution > 1  # the default mechanics, not switched off
  run = trainer.train(config, tmp_path)
  assert run.model.simultaneous and int(run.model.g_optimizer.iterations) == 20
  assert int(run.model.d_optimizer.iterations) == 20  # one D update per G update
  model, _, step = trainer.load_run(tmp_path)
  assert step == 20 and model.simultaneous
  for restored, trained in zip(model.generator.weights, run.model.generator.weights):
    np.testing.assert_array_equal(restored.numpy(), trained.numpy())


@pytest.mark.parametrize("field,value", [("d_steps", 2), ("unroll_steps", 3),
                                         ("feature_matching", True)])
def test_simultaneous_refuses_settings_it_cannot_honour(field, value):
  config = helpers.small_config("ring8_r1")
  config.gan.simultaneous = True
  config.gan[field] = value
  with pytest.raises(config_lib.ConfigError, match="gan.simultaneous"):
    config_lib.validate(config)
