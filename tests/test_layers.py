import numpy as np
import pytest

from tests import helpers
from zoo.models.layers import Maxout


def test_maxout_is_the_max_over_pieces_of_its_affine_maps():
  layer = Maxout(units=3, pieces=4)
  x = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
  y = np.asarray(layer(x))
  kernel, bias = (np.asarray(w) for w in layer.dense.weights)
  expected = (x @ kernel + bias).reshape(5, 3, 4).max(axis=-1)
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
