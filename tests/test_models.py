"""One parameterized test over every registered architecture: shape and range contract,
serialization and saving round trips."""
import numpy as np
import pytest

from tests import helpers
from zoo import data, registry


@pytest.mark.parametrize("name", registry.names())
def test_architecture_contract(name, tmp_path):
  spec = registry.get(name)
  config = spec.default_config("small")
  image_shape = data.info(spec.dataset).image_shape
  generator, discriminator = spec.build(config.model, image_shape)
  z = np.asarray(generator.sample_latent(6, seed=1))
  assert z.shape == (6, config.model.latent_dim)
  classes = generator.num_classes
  labels = {"labels": np.arange(6, dtype=np.int32) % classes} if classes else {}
  images = np.asarray(generator(z, **labels))
  assert images.shape == (6, *image_shape)
  assert images.min() >= 0.0 and images.max() <= 1.0
  logits = np.asarray(discriminator(images, **labels))
  assert logits.shape == (6,) and np.all(np.isfinite(logits))
  # Dropout is active only in training: inference is deterministic.
  np.testing.assert_array_equal(discriminator(images, **labels),
                                discriminator(images, **labels))
  if classes:  # the label changes what G draws and how D scores it
    other = {"labels": (labels["labels"] + 1) % classes}
    assert not np.allclose(generator(z, **other), images)
    assert not np.allclose(discriminator(images, **other), logits)
  helpers.assert_serialization_round_trip(generator, z, **labels)
  helpers.assert_serialization_round_trip(discriminator, images, **labels)
  helpers.assert_saving_round_trip(generator, z, tmp_path, **labels)
  helpers.assert_saving_round_trip(discriminator, images, tmp_path, **labels)


@pytest.mark.parametrize("prior", ["uniform", "normal"])
def test_latent_prior(prior):
  spec = registry.get("mnist_mlp")
  config = spec.default_config("small")
  config.model.prior = prior
  generator, _ = spec.build(config.model, (28, 28, 1))
  z = np.asarray(generator.sample_latent(4000, seed=0))
  if prior == "uniform":
    assert -1.0 <= z.min() and z.max() <= 1.0 and abs(z.std() - 1 / np.sqrt(3)) < 0.02
  else:
    assert z.min() < -2.5 and abs(z.std() - 1.0) < 0.02


def test_mlp_generator_can_start_at_the_data_marginals():
  spec = registry.get("mnist_mlp")
  generator, _ = spec.build(spec.default_config("small").model, (28, 28, 1))
  mean = np.random.default_rng(0).uniform(0.01, 0.99, (28, 28, 1)).astype(np.float32)
  generator(generator.sample_latent(1, seed=0))
  generator.init_output_bias(mean)
  for layer in generator.hidden + [generator.out]:
    layer.kernel.assign(np.zeros(layer.kernel.shape, np.float32))
  np.testing.assert_allclose(generator(generator.sample_latent(2, seed=0))[1], mean, rtol=1e-4)
