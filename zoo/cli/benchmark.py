"""Measures a registered model's training and sampling speed on this machine:

  python -m zoo.benchmark --model=mnist_mlp [--batch_size=256] [--steps=300] [--jit=auto]
                          [--strategy=default] [--json] [--formats=saved_model,tflite,...]
                          [--project_steps=500]

Prints steady-state training steps/s and images/s (warm-up and tracing excluded; median of
--windows windows, with min and max), the input pipeline alone, sampling through the
exported SavedModel, achieved GFLOP/s from the FLOPs counted in the traced step, the float32
matmul ceiling measured in the same run, peak memory, `project`'s rate, and sampling speed
per export format (--formats; empty to skip). Synthetic images of the dataset's
shape feed the step, so no dataset is needed. README "Performance" and docs/benchmarks.md.
"""
import json

from absl import flags

from zoo import config as config_lib
from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  cli.define_model_and_config_flags()
  flags.DEFINE_integer("batch_size", None, "Global batch (default: the config's).", lower_bound=1)
  flags.DEFINE_integer("steps", 300, "Timed training steps (after the warm-up).", lower_bound=2)
  flags.DEFINE_integer("warmup", 20, "Untimed steps first (tracing, XLA compilation).",
                       lower_bound=1)
  flags.DEFINE_integer("windows", 5, "Windows the timed steps are split into.", lower_bound=1)
  flags.DEFINE_enum("jit", None, list(config_lib.JIT_SETTINGS), "XLA for the train step (default: "
                    "the config's train.jit_compile; auto: XLA on GPU/TPU only).")
  cli.define_strategy_flags()
  flags.DEFINE_bool("json", False, "Print one JSON object instead of the table.")
  flags.DEFINE_integer("serving_calls", 100, "Timed calls of serving_default (twice as many "
                       "for the input-check overhead) and of G's gradient; fewer for models "
                       "too big for this machine.", lower_bound=3)
  flags.DEFINE_integer("project_steps", 500, "Steps of the timed `project` call (16 images x "
                       "4 restarts); fewer for models too big for this machine.", lower_bound=1)
  flags.DEFINE_list("formats", ["saved_model", "tflite", "onnx", "tfjs"], "Export formats "
                    "whose sampling speed to measure at batch 1 and 64 (README \"Portable "
                    "exports\"); an empty list skips them.")


def main(argv):
  config = cli.config_from_flags(argv)
  if FLAGS.batch_size:
    config.train.batch_size = FLAGS.batch_size
  if FLAGS.jit:
    config.train.jit_compile = FLAGS.jit
  from zoo.performance import report  # loads TensorFlow
  from zoo.training import distribute, trainer
  config_lib.validate(config)
  strategy = distribute.make(FLAGS.strategy, FLAGS.cpu_replicas, FLAGS.tpu)
  trainer.check_batch(config, strategy)
  result = report.run(config, strategy, FLAGS.steps, FLAGS.warmup, FLAGS.windows,
                      formats=FLAGS.formats, project_steps=FLAGS.project_steps,
                      serving_calls=FLAGS.serving_calls)
  print(json.dumps(result, indent=2) if FLAGS.json else report.table(result))


def run():
  """zoo-benchmark."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
