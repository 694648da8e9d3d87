"""Stacked MNIST (1,000 modes): the triples against their digits, the mode histogram's
count and KL, and the evaluator reading each channel with the MNIST classifier."""
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import config as config_lib
from zoo.data import stacked
from zoo.evaluation import runner, sources
from zoo.evaluation.features import FeatureSpace


def test_each_channel_is_a_digit_and_the_label_is_the_triple():
  digits = np.arange(40, dtype=np.uint8).reshape(40, 1, 1, 1) * np.ones((1, 28, 28, 1), np.uint8)
  labels = np.arange(40) % 10
  images, triples = stacked.stack(digits, labels, 500, seed=0)
  assert images.shape == (500, 28, 28, 3)
  source = images[:, 0, 0, :]  # each channel holds the index of its digit
  np.testing.assert_array_equal(triples, 100 * labels[source[:, 0]] + 10 * labels[source[:, 1]]
                                + labels[source[:, 2]])
  again, _ = stacked.stack(digits, labels, 500, seed=0)
  np.testing.assert_array_equal(images, again)


def test_mode_histogram_counts_and_kl():
  every = np.stack([np.arange(1000) // 100, np.arange(1000) // 10 % 10, np.arange(1000) % 10], 1)
  uniform = stacked.mode_histogram(np.concatenate([every, every]))
  assert uniform["modes"] == 1000 and uniform["kl"] == pytest.approx(0.0, abs=1e-12)
  collapsed = stacked.mode_histogram(np.array([[1, 2, 3]] * 50 + [[4, 5, 6]] * 50))
  assert collapsed["modes"] == 2 and collapsed["kl"] == pytest.approx(np.log(500))
  assert collapsed["counts"][123] == 50


def _digit_reader():
  """A stand-in MNIST classifier: the digit is the image's mean pixel x 10, rounded down."""
  def fn(images):
    mean = tf.reduce_mean(images, axis=[1, 2, 3])
    digit = tf.cast(tf.minimum(mean * 10.0, 9.0), tf.int32)
    return tf.one_hot(digit, 10), tf.one_hot(digit, 10)
  return FeatureSpace("digits", fn, "mean-pixel digits (tests)")


def test_evaluator_reads_each_channel():
  data_config = config_lib.base_config("stacked_mnist_dcgan", "stacked_mnist").data
  data_config.update(source="synthetic", synthetic_examples=64)
  evaluator = runner.Evaluator(data_config, num_samples=300,
                               feature_spaces={"mnist_digits": _digit_reader()})
  assert evaluator.metrics == ["stacked_modes"]
  triples = np.array([[1, 2, 3], [7, 0, 9], [1, 2, 3]] * 100)
  fake = np.ones((300, 28, 28, 3), np.float32) * ((triples + 0.5) / 10)[:, None, None, :]
  source = sources.Source("m", "stacked_mnist", (28, 28, 3),
                          lambda num, seed: fake[:num], "test", batch_size=300)
  report = evaluator(source)
  assert report["metrics"]["stacked_modes"] == 2
  assert report["metrics"]["stacked_kl"] == pytest.approx(
      np.log(1000) + (2 / 3) * np.log(2 / 3) + (1 / 3) * np.log(1 / 3))


def test_stacked_modes_is_only_for_stacked_mnist():
  config = helpers.small_config("mnist_dcgan")
  config.eval.metrics = "stacked_modes"
  with pytest.raises(config_lib.ConfigError, match="for stacked_mnist"):
    config_lib.validate(config)
