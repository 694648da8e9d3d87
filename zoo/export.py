"""Exports a run's generator for TF Serving:
python -m zoo.export --workdir=W [--export_dir=BASE] [--version=N] [--step=N | --best]
                     [--max_num=M]

Writes BASE/<model>/<version>/ (default BASE = W/export, version = the next integer) from
the latest checkpoint, the one of --step, or the best one kept by the in-training
evaluation (--best). Atomic: see zoo/saved_model.py.
"""
from absl import app, flags, logging

from zoo import cli

flags.DEFINE_string("workdir", None, "Run directory written by zoo.train.", required=True)
flags.DEFINE_string("export_dir", None, "Model base path (default: WORKDIR/export).")
flags.DEFINE_integer("version", None, "Version directory (default: next integer).",
                     lower_bound=1)
flags.DEFINE_integer("step", None, "Checkpoint step (default: latest).", lower_bound=0)
flags.DEFINE_bool("best", False, "Export the best checkpoint (W/best, kept when the run "
                  "evaluated while training).")
flags.DEFINE_integer("max_num", 1024, "Largest `num` / `num_steps` a request may ask for.",
                     lower_bound=1)
FLAGS = flags.FLAGS


def main(argv):
  del argv
  from zoo import saved_model, trainer  # after flag parsing: TensorFlow is slow to import
  if FLAGS.best and FLAGS.step is not None:
    raise app.UsageError("Pass --step or --best, not both.")
  gan, config, step = trainer.load_run(FLAGS.workdir, FLAGS.step, best=FLAGS.best)
  base = FLAGS.export_dir or f"{FLAGS.workdir}/export"
  path = saved_model.export_generator(
      gan.sampling_generator(), f"{base}/{config.model_name}", version=FLAGS.version,
      metadata=trainer.export_metadata(gan, config, step), max_num=FLAGS.max_num)
  logging.info("Exported %s at step %d to %s", config.model_name, step, path)
  print(path)


if __name__ == "__main__":
  cli.run(main)
