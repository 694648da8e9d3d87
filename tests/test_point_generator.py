"""The point generator's batch norm on PacGAN's protocol: moving statistics with PacGAN's
running-average momentum (0.95), which evaluation samples with and training never reads
(tests/test_batch_norm_refresh.py trains with it)."""
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import config as config_lib
from zoo.models import toy
from zoo.models.layers import BatchNormalization


def _norms(generator):
  return [layer for layer in generator.hidden if isinstance(layer, BatchNormalization)]


@pytest.mark.parametrize("name", ["grid25", "ring8_r1", "ring8_r1_pacgan2"])
def test_pacgan_protocol_generators_average_statistics_as_pacgan(name):
  generator = helpers.build_generator(name, size="full")
  assert len(_norms(generator)) == 4
  for norm in _norms(generator):
    norm.moving_mean.assign(tf.zeros_like(norm.moving_mean))
  z = generator.sample_latent(100, seed=1)
  first = generator.hidden[0](z)  # the dense layer before the first batch norm
  generator(z, training=True)
  np.testing.assert_allclose(_norms(generator)[0].moving_mean.numpy(),
                             0.05 * np.mean(first.numpy(), axis=0), rtol=1e-4, atol=1e-7)


def test_momentum_round_trips_and_runs_before_the_field_keep_keras_default():
  generator = helpers.build_generator("ring8_r1")
  assert generator.bn_momentum == 0.95
  helpers.assert_serialization_round_trip(generator, generator.sample_latent(4, seed=0))
  old = helpers.small_config("ring8").model  # ring8's G has no batch norm; give it one
  old.g_batch_norm = True
  assert "g_bn_momentum" not in old
  generator, _ = toy.build(old, (2,))
  assert [n.momentum for n in _norms(generator)] == [0.99] * len(old.g_hidden)


def test_epsilon_normalizes_the_batch_and_round_trips():
  config = helpers.small_config("grid25")
  config.model.update(g_hidden=(64,), g_bn_epsilon=1e-4)  # PacGAN's Blocks batch norm's
  generator, _ = toy.build(config.model, (2,))
  z = generator.sample_latent(100, seed=3)
  generator(z)
  first = generator.hidden[0](z).numpy()
  normalized = _norms(generator)[0](first, training=True).numpy()
  expected = (first - first.mean(0)) / np.sqrt(first.var(0) + 1e-4)
  np.testing.assert_allclose(normalized, expected, rtol=1e-3, atol=1e-4)
  assert not np.allclose(normalized, (first - first.mean(0)) / np.sqrt(first.var(0) + 1e-3),
                         rtol=1e-3, atol=1e-4)  # the field changes what the layer does
  helpers.assert_serialization_round_trip(generator, z)
  assert generator.get_config()["bn_epsilon"] == 1e-4


@pytest.mark.parametrize("field,value,need", [("g_bn_momentum", 1.0, r"must be in \[0, 1\)"),
                                              ("g_bn_epsilon", 0.0, "must be > 0")])
def test_bad_batch_norm_field_names_the_field(field, value, need):
  config = helpers.small_config("grid25")
  config.model[field] = value
  with pytest.raises(config_lib.ConfigError, match=rf"model\.{field} {need}"):
    config_lib.validate(config)

