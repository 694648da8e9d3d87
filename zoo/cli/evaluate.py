"""Evaluates a generator, or trains the classifier that some metrics need:

  python -m zoo.evaluate --workdir=W [--step=N | --best] [--metrics=a,b] [--num_samples=N]
  python -m zoo.evaluate --saved_model=DIR [--dataset=NAME] [--metrics=...] [--out=FILE]
  python -m zoo.evaluate --train_classifier --dataset=mnist [--epochs=N]

Writes a JSON report (default: W/eval/step_N.json, or eval_<model>_<version>.json for an
export) and prints a table. Metrics: zoo/evaluation/metrics.py (README "Evaluation").
"""
import json
import pathlib

import ml_collections
from absl import app, flags, logging

from zoo import atomic, data
from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  flags.DEFINE_string("workdir", None, "A training run's directory (its checkpoint, and D).")
  flags.DEFINE_integer("step", None, "With --workdir: the checkpoint step (default: latest).",
                       lower_bound=0)
  flags.DEFINE_bool("best", False, "With --workdir: the best checkpoint kept while training.")
  flags.DEFINE_string("saved_model", None, "An export version directory (…/export/MODEL/V).")
  flags.DEFINE_string("dataset", None, "Dataset to compare with (default: the model's).")
  flags.DEFINE_list("metrics", [], "Metrics (default: the dataset's set).")
  flags.DEFINE_integer("num_samples", 10_000, "Generated samples per evaluation.", lower_bound=1)
  flags.DEFINE_integer("seed", 0, "Sampling seed.")
  flags.DEFINE_string("out", None, "Report path (JSON).")
  flags.DEFINE_string("inception_weights", None, "Keras InceptionV3 weights file (.h5), for "
                      "machines that cannot download them.")
  flags.DEFINE_string("classifier_dir", None, "Classifier directory (default: "
                      "$ZOO_DATA_HOME/classifiers/DATASET).")
  flags.DEFINE_enum("data_source", "auto", list(data.SOURCES),
                    "Where the real images come from (README \"Data\").")
  flags.DEFINE_string("data_dir", "", "TFDS data_dir.")
  flags.DEFINE_string("data_path", "", "With --data_source=folder or tfrecord: your images "
                      "(runs of such data know theirs).")
  flags.DEFINE_bool("train_classifier", False, "Train and cache the --dataset classifier.")
  flags.DEFINE_integer("epochs", None, "With --train_classifier: epochs (default per dataset).",
                       lower_bound=1)


def data_config(name, base=None):
  """The data config of dataset `name`: a run's own (`base`: its source, folder, MNIST copy),
  then the --data_* flags over it."""
  config = ml_collections.ConfigDict(dict(
      name=name, source="auto", data_dir="", download=True, synthetic_examples=512, path="",
      test_fraction=0.1, resize="area", local_copy=""))
  if base is not None:
    config.update({k: base[k] for k in config if k in base and k != "name"})
    if base.get("name") != name:  # the run's MNIST copy says nothing of another dataset
      config.local_copy = ""
  if FLAGS.data_source != "auto":
    config.source = FLAGS.data_source
  if FLAGS.data_dir:
    config.data_dir = FLAGS.data_dir
  if FLAGS.data_path:
    config.path = FLAGS.data_path
  return config


def train_classifier():
  from zoo.evaluation import classifier
  if not FLAGS.dataset:
    raise app.UsageError("--train_classifier needs --dataset (mnist or fashion_mnist).")
  if FLAGS.dataset not in classifier.REQUIRED_ACCURACY:
    raise app.UsageError(f"The zoo trains classifiers for {', '.join(classifier.REQUIRED_ACCURACY)}"
                         f", not {FLAGS.dataset!r} (its metrics use Inception-v3).")
  info = classifier.train(data_config(FLAGS.dataset), FLAGS.classifier_dir, FLAGS.epochs)
  print(json.dumps(info, indent=2))


def default_out(source):
  if FLAGS.workdir:
    return pathlib.Path(FLAGS.workdir) / "eval" / f"step_{source.step}.json"
  return pathlib.Path(f"eval_{source.model}_{pathlib.Path(FLAGS.saved_model).name}.json")


def main(argv):
  if len(argv) > 1:
    raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
  if FLAGS.train_classifier:
    return train_classifier()
  if bool(FLAGS.workdir) == bool(FLAGS.saved_model):
    raise app.UsageError("Pass exactly one of --workdir (a training run) or --saved_model "
                         "(an export), or --train_classifier.")
  from zoo.evaluation import runner, sources  # after flag parsing: TensorFlow is slow to import
  from zoo.training import trainer
  if FLAGS.best and FLAGS.step is not None:
    raise app.UsageError("Pass --step or --best, not both.")
  if _is_translation():
    return evaluate_translation()
  if FLAGS.workdir:
    source, base = trainer.evaluation_source(FLAGS.workdir, FLAGS.step, FLAGS.best)
    source.dataset = FLAGS.dataset or source.dataset
  else:
    source, base = sources.from_saved_model(FLAGS.saved_model, FLAGS.dataset), None
  sources.check_shape(source)
  evaluator = runner.Evaluator(
      data_config(source.dataset, base), FLAGS.metrics, FLAGS.num_samples, FLAGS.seed,
      FLAGS.inception_weights, FLAGS.classifier_dir)
  report = evaluator(source)
  out = pathlib.Path(FLAGS.out) if FLAGS.out else default_out(source)
  out.parent.mkdir(parents=True, exist_ok=True)
  atomic.write_text(out, json.dumps(report, indent=2))
  print(runner.table(report))
  logging.info("Report: %s", out)


def _is_translation():
  """An image-to-image run or export (its report is zoo/evaluation/translation.py's)."""
  if FLAGS.workdir:
    path = pathlib.Path(FLAGS.workdir) / "config.json"
    return path.exists() and {"translation", "cyclegan"} & set(json.loads(path.read_text()))
  path = pathlib.Path(FLAGS.saved_model) / "assets.extra" / "zoo.json"
  return path.exists() and json.loads(path.read_text()).get("kind") == "translation"


def evaluate_translation():
  """PSNR, SSIM, classifier accuracy and FCD of a translator's outputs on the test split,
  beside bicubic upscaling for super-resolution."""
  from zoo.evaluation import translation
  from zoo.serving import client
  from zoo.training import trainer
  if FLAGS.workdir:
    model, config, step = trainer.load_run(FLAGS.workdir, FLAGS.step, best=FLAGS.best)
    generator = model.sampling_generator()
    out = pathlib.Path(FLAGS.workdir) / "eval" / f"step_{step}.json"
    if "cyclegan" in config:  # unpaired: FCD in each direction
      domains = [data_config(config.data.name, config.data),
                 data_config(config.cyclegan.domain_b, config.data)]
      directions = {"a_to_b": generator.forward, "b_to_a": generator.backward}
      return _write(translation.evaluate_unpaired(
          {k: (lambda x, g=g: g(x, training=False)) for k, g in directions.items()},
          domains, FLAGS.num_samples), out, json.dumps)
    translate, transform = (lambda x: generator(x, training=False)), config.translation.pairs
    base, name = config.data, config.data.name
  else:
    export = client.ExportClient(FLAGS.saved_model)
    out = pathlib.Path(f"eval_{export.metadata.get('model', 'model')}_"
                       f"{pathlib.Path(FLAGS.saved_model).name}.json")
    if "domains" in export.metadata:  # CycleGAN
      domains = [data_config(name) for name in export.metadata["domains"]]
      return _write(translation.evaluate_unpaired(
          {d: (lambda x, d=d: export.translate(x, direction=d)) for d in ("a_to_b", "b_to_a")},
          domains, FLAGS.num_samples), out, json.dumps)
    if "pairs" not in export.metadata:
      raise app.UsageError(f"{FLAGS.saved_model} does not record the transform that makes its "
                           "inputs (zoo.json `pairs`); export it again with zoo-export.")
    translate, transform = export.translate, export.metadata["pairs"]
    base, name = None, FLAGS.dataset or export.metadata["dataset"]
  report = translation.evaluate(translate, transform, data_config(name, base),
                                FLAGS.num_samples, FLAGS.classifier_dir)
  _write(report, out, translation.table)


def _write(report, out, show):
  """Writes the report (--out, else `out`) and prints it by `show`."""
  out = pathlib.Path(FLAGS.out) if FLAGS.out else out
  out.parent.mkdir(parents=True, exist_ok=True)
  atomic.write_text(out, json.dumps(report, indent=2))
  print(show(report))
  logging.info("Report: %s", out)


def run():
  """zoo-evaluate."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
