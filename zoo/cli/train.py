"""Trains a registered model: python -m zoo.train --model=mnist_mlp [--workdir=W]
[--config.train.steps=N ...]. Running the same command again resumes from the checkpoint."""
from absl import flags, logging

from zoo import config as config_lib
from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  cli.define_model_and_config_flags()
  flags.DEFINE_string("workdir", None, "Run directory (default: runs/<model>).")
  cli.define_strategy_flags()


def main(argv):
  config = config_lib.validate(cli.config_from_flags(argv))
  from zoo import api  # after flag parsing: TensorFlow is slow to import
  from zoo.training import distribute
  strategy = distribute.make(FLAGS.strategy, FLAGS.cpu_replicas, FLAGS.tpu)
  workdir = FLAGS.workdir or f"runs/{config.model_name}"
  run = api.train_model(config, workdir, strategy)
  if not distribute.is_chief(strategy):
    logging.info("Done at step %d (%s; the chief writes the workdir and the export).",
                 run.step, distribute.task_name(strategy))
  else:
    logging.info("Done at step %d. Workdir: %s. Export: %s", run.step, workdir,
                 run.export_path or "none (export.enabled is False)")


def run():
  """zoo-train."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
