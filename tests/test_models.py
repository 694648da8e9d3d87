"""One parameterized test over every registered architecture: shape and range contract of
G and of its second network (D, encoder), serialization and saving round trips."""
import keras
import numpy as np
import pytest

from tests import helpers
from zoo import data
from zoo.models import registry


def _check_second_network(kind, network, images, labels, latent_dim):
  """D gives one finite logit per image; encoders give codes or Gaussian parameters."""
  out = network(images, **labels)
  if kind == "gan":
    assert out.shape == (len(images),) and np.all(np.isfinite(out))
  elif kind == "translation":  # one logit per image, or per patch (PatchGAN)
    assert out.shape[0] == len(images) and np.all(np.isfinite(out))
  elif kind == "vae":
    mean, log_var = (np.asarray(o) for o in out)
    assert mean.shape == log_var.shape == (len(images), latent_dim)
  else:
    codes = np.asarray(out)
    assert codes.shape == (len(images), network.code_dim)
    assert codes.min() >= 0 and codes.max() <= 1
  # Dropout is active only in training: inference is deterministic.
  np.testing.assert_array_equal(keras.tree.flatten(network(images, **labels)),
                                keras.tree.flatten(out))
  return out


@pytest.mark.parametrize("name", registry.names())
def test_architecture_contract(name, tmp_path):
  spec = registry.get(name)
  config = spec.default_config("small")
  ds_info = data.info(spec.dataset)
  generator, second = spec.build(config.model, ds_info.image_shape)
  if spec.kind == "translation":  # G's inputs are images, made smaller for super-resolution
    z = np.random.default_rng(1).uniform(size=(6, *generator.source_shape)).astype(np.float32)
  else:
    z = np.asarray(generator.sample_latent(6, seed=1))
    assert z.shape == (6, config.model.latent_dim)
  classes = generator.num_classes
  labels = {"labels": np.arange(6, dtype=np.int32) % classes} if classes else {}
  images = np.asarray(generator(z, **labels))
  assert images.shape == (6, *ds_info.image_shape) and np.all(np.isfinite(images))
  if ds_info.kind == "image":
    assert images.min() >= 0.0 and images.max() <= 1.0
  if getattr(second, "conditional_on_source", False):  # pix2pix's D sees (input, image)
    images = np.concatenate([z, images], axis=-1)
  if second is not None:
    logits = _check_second_network(spec.kind, second, images, labels,
                                   getattr(generator, "latent_dim", None))
  else:
    assert spec.kind == "gmmn"  # only a GMMN in data space trains G alone
  if classes:  # the label changes what G draws and how D scores it
    other = {"labels": (labels["labels"] + 1) % classes}
    assert not np.allclose(generator(z, **other), images)
    assert not np.allclose(second(images, **other), logits)
  helpers.assert_serialization_round_trip(generator, z, **labels)
  helpers.assert_saving_round_trip(generator, z, tmp_path, **labels)
  if second is not None:
    helpers.assert_serialization_round_trip(second, images, **labels)
    helpers.assert_saving_round_trip(second, images, tmp_path, **labels)


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
