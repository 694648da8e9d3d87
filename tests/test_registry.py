import pytest

from zoo import config as config_lib
from zoo import list as list_cli
from zoo import registry


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
    loss = spec.default_config().gan.generator_loss
    assert spec.dataset in line and spec.paper in line and f"  {loss}  " in line
