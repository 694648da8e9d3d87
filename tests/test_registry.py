import pytest

from zoo import config as config_lib
from zoo.cli import list_models as list_cli
from zoo.models import registry


def test_lookup_resolves_dataset_builder_and_config():
  spec = registry.get("mnist_mlp")
  assert spec.dataset == "mnist"
  assert "Goodfellow" in spec.paper
  assert spec.config_path.name == "mnist_mlp.py"
  generator, discriminator = spec.build(spec.default_config().model, (28, 28, 1))
  assert generator.latent_dim == 100 and generator.prior == "normal"
  assert discriminator.pieces == 5


def test_unknown_name_lists_close_matches():
  with pytest.raises(registry.UnknownModelError) as e:
    registry.get("mnist_mpl")
  assert "Did you mean: mnist_mlp" in str(e.value)
  assert "zoo.list" in str(e.value)


def test_unknown_name_far_from_everything_lists_registered_models():
  with pytest.raises(registry.UnknownModelError, match="Registered models: .*mnist_mlp"):
    registry.get("stylegan9000")


def test_registering_a_name_twice_fails():
  with pytest.raises(ValueError, match="registered twice"):
    registry.register("mnist_mlp", dataset="mnist", architecture="x", paper="y")(lambda: None)


@pytest.mark.parametrize("name", registry.names())
def test_every_registered_model_has_a_valid_config_of_its_own(name):
  for arg in (None, "small"):
    config = registry.get(name).default_config(arg)
    assert config.model_name == name
    assert config.data.name == registry.get(name).dataset
    config_lib.validate(config)


def test_list_shows_every_model_with_dataset_loss_and_paper():
  table = list_cli.table()
  for name in registry.names():
    spec = registry.get(name)
    line = next(l for l in table.splitlines() if l.startswith(name + " "))
    config = spec.default_config()
    loss = ("feature_matching / K+1 classes" if "ssl" in config
            else f"{config.gan.generator_loss} / {config.gan.discriminator_loss}"
            if spec.kind == "gan"
            else "least_squares + cycle x" if "cyclegan" in config
            else f"{config.translation.content} x" if spec.kind == "translation"
            else {"gmmn": "mmd", "vae": "elbo"}[spec.kind])
    assert spec.dataset in line and spec.paper in line and f"  {loss}" in line
  expected = {"gaussian_1d", "ring8", "grid25", "mnist_dcgan", "fashion_mnist_dcgan",
              "cifar10_dcgan", "celeba64_dcgan", "mnist_cgan", "fashion_mnist_cgan",
              "mnist_cgan_projection", "fashion_mnist_wgan_gp", "cifar10_wgan_gp",
              "mnist_lsgan", "cifar10_sngan", "mnist_gmmn", "mnist_gmmn_ae", "mnist_vae",
              "fashion_mnist_vae", "mnist_mlp"}
  assert expected <= set(registry.names())  # issue 5's list of models
