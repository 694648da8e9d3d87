import keras
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo.models.layers import Maxout, SpectralNormalization


def test_maxout_is_the_max_over_pieces_of_its_affine_maps():
  layer = Maxout(units=3, pieces=4)
  x = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
  y = np.asarray(layer(x))
  kernel, bias = (np.asarray(w) for w in layer.dense.weights)
  # Piece-major columns: column j * units + i is piece j of unit i.
  expected = (x @ kernel + bias).reshape(5, 4, 3).max(axis=1)
  np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
  assert y.shape == (5, 3) == layer.compute_output_shape((5, 7))


def test_maxout_with_one_piece_is_a_dense_layer():
  layer = Maxout(units=2, pieces=1)
  x = np.ones((1, 3), np.float32)
  kernel, bias = (np.asarray(w) for w in (layer(x), *layer.dense.weights)[1:])
  np.testing.assert_allclose(layer(x), x @ kernel + bias, rtol=1e-6)


def test_maxout_config_round_trip(tmp_path):
  layer = Maxout(units=3, pieces=2, name="m")
  x = np.random.default_rng(1).normal(size=(2, 4)).astype(np.float32)
  layer(x)
  clone = Maxout.from_config(layer.get_config())
  clone(x)
  clone.set_weights(layer.get_weights())
  np.testing.assert_allclose(clone(x), layer(x))
  assert clone.get_config() == layer.get_config()


@pytest.mark.parametrize("units,pieces", [(0, 2), (3, 0), (-1, 1)])
def test_maxout_rejects_nonpositive_sizes(units, pieces):
  with pytest.raises(ValueError, match="units > 0 and pieces > 0"):
    Maxout(units, pieces)


@pytest.mark.parametrize("layer,shape", [
    (lambda: keras.layers.Dense(6), (3, 10)),
    (lambda: keras.layers.Conv2D(4, 3, padding="same"), (2, 5, 5, 3)),
])
def test_spectral_normalization_bounds_the_largest_singular_value(layer, shape):
  wrapped = SpectralNormalization(layer(), power_iterations=1)
  x = np.random.default_rng(0).normal(size=shape).astype(np.float32)
  wrapped(x)
  wrapped.layer.kernel.assign(np.asarray(wrapped.layer.kernel) * 3.0)
  kernel = np.asarray(wrapped.layer.kernel)
  assert np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0] > 2.0
  u_before = np.asarray(wrapped.u)
  for _ in range(200):  # one power iteration per call: u tends to the top singular vector
    wrapped(x, training=True)
  assert not np.allclose(np.asarray(wrapped.u), u_before)
  normalized = np.asarray(wrapped.normalized_kernel())
  sigma = np.linalg.svd(normalized.reshape(-1, normalized.shape[-1]), compute_uv=False)[0]
  assert abs(sigma - 1.0) < 2e-3
  # The output is the wrapped layer's own op with the normalized kernel, not its raw (3x) one.
  plain = type(wrapped.layer).from_config(wrapped.layer.get_config())
  plain(x)
  plain.set_weights([normalized, np.asarray(wrapped.layer.bias)])
  np.testing.assert_allclose(wrapped(x), plain(x), rtol=1e-4, atol=1e-5)


def test_spectral_normalization_updates_u_only_in_training():
  wrapped = SpectralNormalization(keras.layers.Dense(3))
  x = np.ones((2, 4), np.float32)
  wrapped(x)
  u = np.asarray(wrapped.u)
  wrapped(x, training=False)
  np.testing.assert_array_equal(np.asarray(wrapped.u), u)


def test_spectral_normalization_serializes_and_refuses_other_layers():
  wrapped = SpectralNormalization(keras.layers.Dense(3), power_iterations=2, name="sn")
  x = np.random.default_rng(1).normal(size=(2, 4)).astype(np.float32)
  wrapped(x, training=True)
  helpers.assert_serialization_round_trip(wrapped, x)
  with pytest.raises(ValueError, match="wraps Dense or Conv2D"):
    SpectralNormalization(keras.layers.Embedding(3, 2))


@pytest.mark.parametrize("shape", [(16, 5, 5, 3), (32, 6)])
def test_fused_batch_norm_matches_keras_batch_norm_in_training(shape):
  from zoo.models.layers import BatchNormalization
  x = np.random.default_rng(2).normal(2.0, 3.0, size=shape).astype(np.float32)
  fused = BatchNormalization(momentum=0.9)
  reference = keras.layers.BatchNormalization(momentum=0.9, synchronized=True)
  fused.build(shape)
  reference.build(shape)
  for layer in (fused, reference):  # non-trivial scale and offset
    layer.gamma.assign(np.linspace(0.5, 2.0, shape[-1]))
    layer.beta.assign(np.linspace(-1.0, 1.0, shape[-1]))
  outputs, grads = [], []
  for layer in (fused, reference):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
      tape.watch(xt)
      y = layer(xt, training=True)
      loss = tf.reduce_sum(y * tf.sin(y))
    outputs.append(np.asarray(y))
    grads.append([np.asarray(g) for g in tape.gradient(loss, [xt, layer.gamma, layer.beta])])
  np.testing.assert_allclose(outputs[0], outputs[1], rtol=1e-4, atol=1e-4)
  for a, b in zip(*grads):
    np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-3)
  np.testing.assert_allclose(fused.moving_mean, reference.moving_mean, rtol=1e-5)
  np.testing.assert_allclose(fused.moving_variance, reference.moving_variance, rtol=1e-4)
  np.testing.assert_allclose(fused(x), reference(x), rtol=1e-4, atol=1e-4)  # inference
  graph = tf.function(lambda t: fused(t, training=True)).get_concrete_function(
      tf.TensorSpec(shape)).graph
  assert "FusedBatchNormV3" in [op.type for op in graph.get_operations()]
