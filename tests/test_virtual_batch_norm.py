"""Virtual batch norm (Salimans et al. 2016, section 3.5): the layer against its formula,
and a generator whose samples no longer depend on the rest of their batch."""
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import config as config_lib
from zoo.models import base, dcgan, mlp, toy
from zoo.models.virtual_batch_norm import VirtualBatchNormalization
from zoo.training import trainer


def _expected(x, n, eps=1e-5):
  """The paper's normalization in numpy: the reference rows by their statistics, each
  other row by (its own moments + n x the reference's) / (n + 1)."""
  axes = tuple(range(x.ndim - 1))
  ref = x[:n]
  ref_mean, ref_sq = ref.mean(axes, keepdims=True), (ref ** 2).mean(axes, keepdims=True)
  out = [(ref - ref_mean) / np.sqrt(ref_sq - ref_mean ** 2 + eps)]
  for row in x[n:]:
    own_mean = row.mean(axes[:-1], keepdims=True)[None] if x.ndim > 2 else row[None]
    own_sq = (row ** 2).mean(axes[:-1], keepdims=True)[None] if x.ndim > 2 else row[None] ** 2
    mean = (own_mean + n * ref_mean) / (n + 1)
    var = (own_sq + n * ref_sq) / (n + 1) - mean ** 2
    out.append((row[None] - mean) / np.sqrt(var + eps))
  return np.concatenate(out)


@pytest.mark.parametrize("shape", [(7, 3), (7, 4, 4, 2)])
def test_layer_is_the_papers_formula(shape):
  x = np.random.default_rng(0).normal(2.0, 3.0, shape).astype(np.float32)
  layer = VirtualBatchNormalization(4)
  np.testing.assert_allclose(layer(x), _expected(x, 4), rtol=1e-4, atol=1e-4)
  layer.gamma.assign(np.full(shape[-1], 2.0, np.float32))
  layer.beta.assign(np.full(shape[-1], 0.5, np.float32))
  np.testing.assert_allclose(layer(x), 2.0 * _expected(x, 4) + 0.5, rtol=1e-4, atol=1e-4)
  mixed = VirtualBatchNormalization(4, dtype="mixed_bfloat16")
  y = mixed(tf.cast(x, tf.bfloat16))
  assert y.dtype == tf.bfloat16 and mixed.gamma.dtype == "float32"
  np.testing.assert_allclose(tf.cast(y, tf.float32), _expected(x, 4), atol=0.05)


def _generators():
  point = toy.PointGenerator(2, (2,), hidden_units=(8, 8), batch_norm=True, prior="normal")
  conv = dcgan.DCGANGenerator(4, (28, 28, 1), width=4)
  return [point, conv]


@pytest.mark.parametrize("index", [0, 1])
def test_a_sample_depends_on_its_own_latent_alone(index):
  plain = _generators()[index]
  virtual = base.with_virtual_batch_norm(plain, 5)
  z = plain.sample_latent(6, seed=1)
  for g in (plain, virtual):
    g(z, training=True)
  one = virtual(z[:1], training=True)
  assert one.shape == (1,) + plain.image_shape
  np.testing.assert_allclose(virtual(z, training=True)[:1], one, rtol=1e-4, atol=1e-5)
  np.testing.assert_allclose(virtual(z, training=False)[:1], one, rtol=1e-4, atol=1e-5)
  # Plain batch norm in training makes the same sample depend on its batch.
  assert not np.allclose(plain(z, training=True)[:1], plain(z[:2], training=True)[:1],
                         atol=1e-4)
  assert virtual.reference_z.shape == (5, plain.latent_dim)
  assert not virtual.reference_z.trainable
  helpers.assert_serialization_round_trip(virtual, z, training=False)


def test_unsupported_generators_and_bad_settings_say_the_fix():
  with pytest.raises(ValueError, match="set gan.virtual_batch_norm=0"):
    base.with_virtual_batch_norm(mlp.MLPGenerator(4, (28, 28, 1), hidden_units=(8,)), 4)
  with pytest.raises(ValueError, match="model.g_batch_norm=True"):
    toy.PointGenerator(2, (2,), batch_norm=False, virtual_batch_norm=4)
  config = helpers.small_config("grid25")
  config.gan.virtual_batch_norm = -1
  with pytest.raises(config_lib.ConfigError, match="gan.virtual_batch_norm"):
    config_lib.validate(config)
  for name in ("mnist_mlp", "ring8"):  # found before a run writes or loads anything
    config = helpers.small_config(name)
    config.gan.virtual_batch_norm = 4
    with pytest.raises(config_lib.ConfigError, match=f"cannot apply to {name}"):
      config_lib.validate(config)


def test_trains_resumes_and_exports_with_the_reference_batch(tmp_path):
  config = helpers.small_config("grid25", steps=20)
  config.gan.virtual_batch_norm = 8
  run = trainer.train(config, tmp_path)
  reference = run.model.generator.reference_z.numpy()
  assert any(type(layer) is VirtualBatchNormalization for layer in run.model.generator.hidden)
  model, _, step = trainer.load_run(tmp_path)
  assert step == 20
  np.testing.assert_array_equal(model.generator.reference_z.numpy(), reference)
  z = model.generator.sample_latent(3, seed=2)
  served = tf.saved_model.load(str(run.export_path)).signatures["serving_default"]
  outputs = served(z=tf.constant(z))
  np.testing.assert_allclose(outputs["samples"], run.model.sampling_generator()(z), rtol=1e-4,
                             atol=1e-5)
