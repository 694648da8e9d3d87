"""Exports a run's generator for TF Serving:
python -m zoo.export --workdir=W [--export_dir=BASE] [--version=N] [--step=N | --best]
                     [--max_num=M]

Writes BASE/<model>/<version>/ (default BASE = W/export, version = the next integer) from
the latest checkpoint, the one of --step, or the best one kept by the in-training
evaluation (--best). Atomic: see zoo/saved_model.py.
"""
from absl import app, flags, logging

from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  flags.DEFINE_string("workdir", None, "Run directory written by zoo.train.", required=True)
  flags.DEFINE_string("export_dir", None, "Model base path (default: WORKDIR/export).")
  flags.DEFINE_integer("version", None, "Version directory (default: next integer).",
                       lower_bound=1)
  flags.DEFINE_integer("step", None, "Checkpoint step (default: latest).", lower_bound=0)
  flags.DEFINE_bool("best", False, "Export the best checkpoint (W/best, kept when the run "
                    "evaluated while training).")
  flags.DEFINE_integer("max_num", 1024, "Largest `num` / `num_steps` a request may ask for.",
                       lower_bound=1)


def main(argv):
  del argv
  from zoo.training import trainer  # after flag parsing: TensorFlow is slow to import
  if FLAGS.best and FLAGS.step is not None:
    raise app.UsageError("Pass --step or --best, not both.")
  path = trainer.export_checkpoint(FLAGS.workdir, FLAGS.export_dir, FLAGS.version, FLAGS.step,
                                   FLAGS.best, FLAGS.max_num)
  logging.info("Exported to %s", path)
  print(path)


def run():
  """zoo-export."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
