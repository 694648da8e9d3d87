"""Shared command-line plumbing: `--model` selects `configs/<model>.py` as the default of
the ml_collections `--config` flag, so `--config.train.steps=N` overrides any field."""
import sys

from absl import app, flags
from ml_collections import config_flags

from zoo import config as config_lib
from zoo import errors
from zoo.models import registry


def model_from_argv(argv) -> str | None:
  for i, arg in enumerate(argv):
    if arg.startswith("--model="):
      return arg.split("=", 1)[1]
    if arg == "--model" and i + 1 < len(argv):
      return argv[i + 1]
  return None


def define_model_and_config_flags(argv=None, flag_values=flags.FLAGS):
  """Defines --model and --config; the config file defaults to the model's registered one."""
  argv = sys.argv if argv is None else argv
  name = model_from_argv(argv)
  default = None
  if name and not any(a == "--config" or a.startswith("--config=") for a in argv):
    try:
      default = str(registry.get(name).config_path)
    except registry.UnknownModelError as e:
      sys.exit(f"error: {e}")
  flags.DEFINE_string("model", None, "Registered model name (`python -m zoo.list`).",
                      flag_values=flag_values)
  config_flags.DEFINE_config_file(
      "config", default, "Config file (default: configs/<model>.py); any field can be "
      "overridden, e.g. --config.train.steps=400.", lock_config=True,
      flag_values=flag_values, sys_argv=argv)


def run(main, define_flags):
  """A command's entry point: defines its flags (only now, so that importing any number of
  command modules defines none), then app.run(main), with a user's mistake
  (errors.UserError) printed as one line on stderr and exit status 1; any other exception
  is a bug and keeps its traceback."""
  define_flags()

  def guarded(argv):
    try:
      return main(argv)
    except errors.UserError as e:
      sys.exit(f"error: {e}")
  app.run(guarded)


def define_strategy_flags(flag_values=flags.FLAGS):
  """--strategy, --cpu_replicas and --tpu (zoo/training/distribute.py; README "Distributed
  training")."""
  flags.DEFINE_enum("strategy", "default", list(config_lib.STRATEGIES),
                    "tf.distribute strategy (README).", flag_values=flag_values)
  flags.DEFINE_integer("cpu_replicas", None, "With --strategy=mirrored on a machine without "
                       "GPUs: split the CPU into this many logical devices.", lower_bound=1,
                       flag_values=flag_values)
  flags.DEFINE_string("tpu", None, "With --strategy=tpu: the TPU name or grpc:// address, "
                      "or 'local' on a TPU VM.", flag_values=flag_values)


def config_from_flags(argv, flag_values=flags.FLAGS):
  """The config that --model/--config select (not yet validated); UsageError otherwise."""
  if len(argv) > 1:
    raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
  config, model = flag_values.config, flag_values.model
  if config is None:
    raise app.UsageError("Pass --model=NAME (see `python -m zoo.list`) or --config=FILE.")
  if model and model != config.model_name:
    raise app.UsageError(f"--model={model} but the config is for {config.model_name!r}.")
  return config
