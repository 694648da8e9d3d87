"""Exports a run's generator for TF Serving:
python -m zoo.export --workdir=W [--export_dir=BASE] [--version=N] [--step=N | --best]
                     [--max_num=M] [--with_discriminator] [--max_steps=S] [--max_work=W]
                     [--restarts=R] [--context=uniform|yeh]
                     [--formats=saved_model,tflite,onnx,tfjs] [--tflite_quantize=float16]

Writes BASE/<model>/<version>/ (default BASE = W/export, version = the next integer) from
the latest checkpoint, the one of --step, or the best one kept by the in-training
evaluation (--best). Atomic: see zoo/serving/saved_model.py. Image models also answer
`project` and `inpaint` (zoo/serving/queries.py), bounded by --max_steps and --max_work.
--formats adds TFLite, ONNX and TF.js copies of serving_default, each checked against the
SavedModel (zoo/serving/portable.py); one that cannot be written is one `error:` line (exit
status 1) and the version is written without it.
"""
import sys

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
  flags.DEFINE_bool("with_discriminator", False, "Carry D in the export, for inpaint's prior "
                    "loss (doubles a GAN export's size); without it the latent prior is used.")
  flags.DEFINE_integer("max_steps", 1000, "Largest `num_steps` of a project/inpaint request.",
                       lower_bound=1)
  flags.DEFINE_integer("max_work", 1 << 18, "Largest rows x num_steps x restarts of one "
                       "project/inpaint request.", lower_bound=1)
  flags.DEFINE_enum("context", "uniform", ["uniform", "yeh"], "inpaint's weights of the known "
                    "pixels: all alike, or Yeh et al.'s (those next to the hole most).")
  flags.DEFINE_list("formats", ["saved_model"], "Formats to write: saved_model (always), "
                    "tflite, onnx, tfjs (needs pip install 'zoo[portable]', README).")
  flags.DEFINE_enum("tflite_quantize", "none", ["none", "float16"], "TFLite weights: float32 "
                    "or float16 (half the size; images within 1e-2).")
  flags.DEFINE_integer("restarts", 4, "Random starts per image in project/inpaint (the best "
                       "is kept).", lower_bound=1)


def main(argv):
  del argv
  from zoo.serving import saved_model
  from zoo.training import trainer  # after flag parsing: TensorFlow is slow to import
  if FLAGS.best and FLAGS.step is not None:
    raise app.UsageError("Pass --step or --best, not both.")
  try:
    path = trainer.export_checkpoint(
        FLAGS.workdir, FLAGS.export_dir, FLAGS.version, FLAGS.step, FLAGS.best,
        FLAGS.with_discriminator, max_num=FLAGS.max_num, max_steps=FLAGS.max_steps,
        max_work=FLAGS.max_work, restarts=FLAGS.restarts, context=FLAGS.context,
        formats=FLAGS.formats, tflite_quantize=FLAGS.tflite_quantize)
  except saved_model.PortableFormatError as e:
    print(e.path)
    for name, reason in e.failures.items():
      print(f"error: {name} not written: {reason}", file=sys.stderr)
    sys.exit(1)
  logging.info("Exported to %s", path)
  print(path)


def run():
  """zoo-export."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
