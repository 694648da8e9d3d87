"""Trains a registered model: python -m zoo.train --model=mnist_mlp [--workdir=W]
[--config.train.steps=N ...]. Running the same command again resumes from the checkpoint."""
import sys

from absl import app, flags, logging

from zoo import cli, config as config_lib

cli.define_model_and_config_flags()
flags.DEFINE_string("workdir", None, "Run directory (default: runs/<model>).")
flags.DEFINE_enum("strategy", "default", ["default", "one_device", "mirrored", "multi_worker",
                                          "tpu"], "tf.distribute strategy (README).")
flags.DEFINE_integer("cpu_replicas", None, "With --strategy=mirrored on a machine without "
                     "GPUs: split the CPU into this many logical devices.", lower_bound=1)
flags.DEFINE_string("tpu", None, "With --strategy=tpu: the TPU name or grpc:// address, or "
                    "'local' on a TPU VM.")
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
  from zoo import distribute, trainer  # after flag parsing: TensorFlow is slow to import
  try:
    strategy = distribute.make(FLAGS.strategy, FLAGS.cpu_replicas, FLAGS.tpu)
    trainer.check_batch(config, strategy)
  except (distribute.StrategyError, config_lib.ConfigError) as e:
    sys.exit(f"error: {e}")
  workdir = FLAGS.workdir or f"runs/{config.model_name}"
  run = trainer.train(config, workdir, strategy)
  if not distribute.is_chief(strategy):
    logging.info("Done at step %d (%s; the chief writes the workdir and the export).",
                 run.step, distribute.task_name(strategy))
  else:
    logging.info("Done at step %d. Workdir: %s. Export: %s", run.step, workdir,
                 run.export_path or "none (export.enabled is False)")


if __name__ == "__main__":
  app.run(main)
