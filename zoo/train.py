"""Trains a registered model: python -m zoo.train --model=mnist_mlp [--workdir=W]
[--config.train.steps=N ...]. Running the same command again resumes from the checkpoint."""
import sys

from absl import app, flags, logging

from zoo import cli, config as config_lib

cli.define_model_and_config_flags()
flags.DEFINE_string("workdir", None, "Run directory (default: runs/<model>).")
FLAGS = flags.FLAGS


def main(argv):
  if len(argv) > 1:
    raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
  config = FLAGS.config
  if config is None:
    raise app.UsageError("Pass --model=NAME (see `python -m zoo.list`) or --config=FILE.")
  if FLAGS.model and FLAGS.model != config.model_name:
    raise app.UsageError(f"--model={FLAGS.model} but the config is for {config.model_name!r}.")
  try:
    config_lib.validate(config)
  except config_lib.ConfigError as e:
    sys.exit(f"error: {e}")
  from zoo import trainer  # after flag parsing: TensorFlow is slow to import
  workdir = FLAGS.workdir or f"runs/{config.model_name}"
  path = trainer.train(config, workdir)
  logging.info("Done. Workdir: %s. Export: %s", workdir, path)


if __name__ == "__main__":
  app.run(main)
