import pytest
from absl import flags

from tests import helpers
from zoo.cli import common as cli
from zoo.models import registry
from zoo import config as config_lib


def parse(*args):
  argv = ["zoo.train", *args]
  flag_values = flags.FlagValues()
  cli.define_model_and_config_flags(argv, flag_values)
  flag_values(argv)
  return flag_values


def test_model_flag_selects_the_registered_config():
  fv = parse("--model=fashion_mnist_mlp")
  assert fv.config.model_name == "fashion_mnist_mlp"
  assert fv.config.data.name == "fashion_mnist"


def test_overrides_reach_nested_fields():
  fv = parse("--model=mnist_mlp", "--config.train.steps=7", "--config.train.batch_size=32",
             "--config.optimizer.d.learning_rate=0.01", "--config.gan.generator_loss=minimax")
  assert fv.config.train.steps == 7 and fv.config.train.batch_size == 32
  assert fv.config.optimizer.d.learning_rate == 0.01
  assert fv.config.gan.generator_loss == "minimax"
  assert fv.config.optimizer.g.learning_rate == 0.1  # untouched


@pytest.mark.parametrize("text", ["true", "True", "t", "1", "false", "FALSE", "f", "0"])
def test_a_python_override_parses_a_bool_as_the_command_line_does(text):
  fv = parse("--model=mnist_mlp", f"--config.data.flip={text}")
  config = registry.get("mnist_mlp").default_config()
  config_lib.override(config, "data.flip", text)
  assert config.data.flip is fv.config.data.flip


def test_small_variant_through_the_config_flag():
  path = registry.get("mnist_mlp").config_path
  fv = parse(f"--config={path}:small")
  assert fv.config.train.steps == 20 and fv.config.model.g_hidden == (16,)


@pytest.mark.parametrize("name", registry.names())
def test_small_configs_keep_the_default_training_mechanics(name):
  """A test config shrinks networks and step counts, never what the default run does."""
  default, small = (registry.get(name).default_config(arg) for arg in (None, "small"))
  for field in ("steps_per_execution", "jit_compile", "mixed_precision"):
    assert small.train[field] == default.train[field], field
  assert bool(small.train.ema_decay) == bool(default.train.ema_decay)  # a short test may
  # average faster, but EMA stays on where the default run keeps one
  for section in ("gan", "mmd", "translation", "cyclegan", "optimizer"):
    if section in default:
      assert small[section].to_dict() == default[section].to_dict(), section
  assert small.eval.metrics == default.eval.metrics
  assert bool(small.eval.every) == bool(default.eval.every)


@pytest.mark.parametrize("field,value,message", [
    ("train.batch_size", -5, "must be a positive integer"),
    ("train.steps", 0, "must be a positive integer"),
    ("gan.d_steps", 0, "must be a positive integer"),
    ("model.latent_dim", -1, "must be a positive integer"),
    ("gan.generator_loss", "softmax", "must be one of"),
    ("gan.gradient_penalty", -1.0, "must be >= 0"),
    ("data.source", "ftp", "must be one of"),
    ("optimizer.d.learning_rate", 0.0, "must be > 0"),
    ("optimizer.g.momentum", 1.5, r"must be in \[0, 1\)"),
    ("optimizer.g.epsilon", 0.0, "must be > 0"),
    ("data.local_copy", "mnist60k", "must be one of"),
])
def test_validate_names_the_bad_field(field, value, message):
  config = registry.get("mnist_mlp").default_config()
  section, key = field.rsplit(".", 1)
  node = config
  for part in section.split("."):
    node = node[part]
  node[key] = value
  with pytest.raises(config_lib.ConfigError, match=f"config.{field} {message}"):
    config_lib.validate(config)


def test_only_mnist_has_a_choice_of_local_copy():
  config = registry.get("fashion_mnist_mlp").default_config()
  config.data.local_copy = "mnist15k"
  with pytest.raises(config_lib.ConfigError, match="only mnist has more than one local copy"):
    config_lib.validate(config)


@pytest.mark.parametrize("override,needle", [
    ("--config.train.batch_size=-5", "config.train.batch_size must be a positive integer"),
    ("--config.train.bogus=1", "bogus"),
    ("--config.train.steps=abc", "train.steps"),
])
def test_train_cli_rejects_bad_config_before_training(override, needle, tmp_path):
  result = helpers.run_python("-m", "zoo.train", "--model=mnist_mlp",
                              f"--workdir={tmp_path / 'w'}", override, check=False)
  assert result.returncode != 0
  assert needle in result.stderr
  assert not (tmp_path / "w").exists()  # nothing was started


def test_train_cli_unknown_model_suggests_close_names():
  result = helpers.run_python("-m", "zoo.train", "--model=mnist_mpl", check=False)
  assert result.returncode != 0 and "Did you mean: mnist_mlp" in result.stderr


_CURES = {"pacgan2": {"pack": 2}, "pacgan3": {"pack": 3}, "pacgan4": {"pack": 4},
          "unrolled5": {"unroll_steps": 5},
          "minibatch": {"minibatch_kernels": 100, "minibatch_dims": 5}}


@pytest.mark.parametrize("name", [n for n in registry.names() if n.startswith(
    ("ring8_", "grid25_")) and n.rsplit("_", 1)[1] in _CURES])
def test_a_cure_changes_only_the_cure(name):
  """Issue 17: each mode-collapse cure is its toy model with the same data and networks. On
  PacGAN's protocol (grid25, ring8_r1) a packed D still makes the base model's number of
  decisions per step; the zoo's ring8 keeps its batch, rounded up to a multiple of m."""
  base_name, cure = name.rsplit("_", 1)
  base, variant = (registry.get(n).default_config().to_dict() for n in (base_name, name))
  expected = dict(_CURES[cure])
  assert {k: variant["gan"][k] for k in expected} == expected
  assert registry.get(name).dataset == registry.get(base_name).dataset
  base["gan"].update(expected)
  base["model_name"] = name
  m, batch = expected.get("pack", 1), base["train"]["batch_size"]
  base["train"]["batch_size"] = -(-batch // m) * m if base_name == "ring8" else batch * m
  assert variant == base
