"""The zoo.evaluate command line on a tiny trained run and its export, its refusals, and
the toy models' D-based metric."""
import json

import pytest

from tests import helpers
from zoo.training import trainer
from zoo.evaluation import runner, sources


@pytest.fixture(scope="module")
def run(tmp_path_factory):
  workdir = tmp_path_factory.mktemp("run")
  config = helpers.small_config(steps=20)
  config.data.synthetic_examples = 256
  return workdir, trainer.train(config, workdir).export_path


def test_evaluate_a_workdir_writes_the_report_and_prints_the_table(run):
  workdir, _ = run
  result = helpers.run_python("-m", "zoo.evaluate", f"--workdir={workdir}", "--metrics=parzen",
                              "--num_samples=64")
  report = json.loads((workdir / "eval" / "step_20.json").read_text())
  assert report["model"] == "mnist_mlp" and report["step"] == 20
  assert report["num_samples"] == 64 and report["real"] == "test split, 256 examples"
  assert set(report["metrics"]) == {"parzen_log_likelihood", "parzen_standard_error",
                                    "parzen_sigma"}
  assert "mnist_mlp (step 20) on mnist, 64 samples" in result.stdout
  assert f"{report['metrics']['parzen_log_likelihood']:.6g}" in result.stdout


def test_evaluate_an_export_and_refuse_a_dataset_of_another_shape(run, tmp_path):
  _, export = run
  out = tmp_path / "report.json"
  helpers.run_python("-m", "zoo.evaluate", f"--saved_model={export}", "--metrics=parzen",
                     "--num_samples=64", "--data_source=synthetic", f"--out={out}")
  report = json.loads(out.read_text())
  assert report["origin"] == str(export) and report["step"] == 20
  bad = helpers.run_python("-m", "zoo.evaluate", f"--saved_model={export}", "--dataset=cifar10",
                           check=False)
  assert bad.returncode == 1
  assert "generates samples of shape (28, 28, 1), but dataset 'cifar10'" in bad.stderr


def test_a_run_is_evaluated_on_the_mnist_copy_it_trained_on(tmp_path):
  """A run of the 15,000-digit copy (data.local_copy, as the README's MNIST figures) is
  compared with that copy's 2,143 test digits, not the full MNIST's 10,000."""
  config = helpers.small_config(steps=10)
  config.data.update(source="local", local_copy="mnist15k")
  trainer.train(config, tmp_path)
  helpers.run_python("-m", "zoo.evaluate", f"--workdir={tmp_path}", "--metrics=parzen",
                     "--num_samples=64")
  assert json.loads((tmp_path / "eval" / "step_10.json").read_text())["real"] == (
      "test split, 2143 examples")


def test_an_unknown_dataset_is_a_one_line_error(run):
  _, export = run
  bad = helpers.run_python("-m", "zoo.evaluate", f"--saved_model={export}", "--dataset=bogus",
                           check=False)
  assert bad.returncode == 1 and "Traceback" not in bad.stderr
  assert "error: Unknown dataset 'bogus'; known: " in bad.stderr


def test_only_small_image_datasets_get_a_classifier():
  bad = helpers.run_python("-m", "zoo.evaluate", "--train_classifier", "--dataset=cifar10",
                           check=False)
  assert bad.returncode != 0 and "not 'cifar10' (its metrics use Inception-v3)" in bad.stderr


def test_d_half_needs_the_discriminator_of_the_run(tmp_path):
  config = helpers.small_config("gaussian_1d", steps=10)
  export = trainer.train(config, tmp_path).export_path
  from_run, data_config = trainer.evaluation_source(tmp_path)
  evaluator = runner.Evaluator(data_config, num_samples=200, progress=False)
  report = evaluator(from_run)
  assert 0 <= report["metrics"]["d_distance_from_half"] <= 0.5
  assert report["metrics"]["num_modes"] == 1
  from_export = sources.from_saved_model(export)
  assert "d_distance_from_half" not in evaluator(from_export)["metrics"]  # default set
  explicit = runner.Evaluator(data_config, ["d_half"], 200, progress=False)
  with pytest.raises(runner.EvaluationError, match="evaluate the run with --workdir"):
    explicit(from_export)
