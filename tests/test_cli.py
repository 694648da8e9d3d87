"""Real-data smoke run of the command line, as a user types it: train, resume, export."""
import re

from tests import helpers

SMALL = ["--config.model.g_hidden=(64,)", "--config.model.d_hidden=(32,)",
         "--config.train.log_every=10", "--config.train.checkpoint_every=10",
         "--config.train.sample_every=10"]


def test_train_resume_and_export_on_real_mnist(tmp_path):
  workdir = tmp_path / "w"
  first = helpers.run_python("-m", "zoo.train", "--model=mnist_mlp", f"--workdir={workdir}",
                             "--config.train.steps=20", *SMALL)
  assert "LOCAL COPY of mnist:train (60000 examples)" in first.stderr
  assert "Starting mnist_mlp from step 0" in first.stderr
  assert re.search(r"step 20/20 +d_loss [\d.]+ +g_loss [\d.]+ +D\(x\) [\d.]+ +D\(G\(z\)\)",
                   first.stderr)
  second = helpers.run_python("-m", "zoo.train", "--model=mnist_mlp", f"--workdir={workdir}",
                              "--config.train.steps=40", *SMALL)
  assert "Resuming from step 20" in second.stderr and "step 40/40" in second.stderr
  assert "step 10/40" not in second.stderr
  assert (workdir / "export" / "mnist_mlp" / "2" / "saved_model.pb").exists()
  assert (workdir / "samples" / "step_0000040.png").exists()


def user_error(*args):
  """Runs a command that must fail on the user's mistake: exit status 1, no traceback, and
  one line of its own on stderr (log lines of TensorFlow and absl aside). Returns it."""
  result = helpers.run_python(*args, check=False)
  assert result.returncode == 1, result.stderr[-3000:]
  assert "Traceback" not in result.stderr, result.stderr[-3000:]
  lines = [l for l in result.stderr.splitlines()
           if l.strip() and not re.match(r"^([IWEF]\d{4} |WARNING: All log messages before absl)", l)]
  assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-3000:]
  return lines[0]


def test_user_mistakes_are_one_line_and_exit_1(tmp_path):
  missing = tmp_path / "missing"
  assert "No SavedModel at" in user_error("-m", "zoo.generate", f"--saved_model={missing}")
  assert "is not a training run" in user_error("-m", "zoo.export", f"--workdir={missing}")
  assert "is not a training run" in user_error("-m", "zoo.evaluate", f"--workdir={missing}")
  assert "No SavedModel at" in user_error("-m", "zoo.evaluate", f"--saved_model={missing}")
  assert "steps_per_execution" in user_error(
      "-m", "zoo.train", "--model=mnist_mlp", f"--workdir={missing}",
      "--config.train.steps=15")
  assert "steps_per_execution" in user_error(
      "-m", "zoo.benchmark", "--model=mnist_mlp", "--config.train.steps_per_execution=7")
  assert "Unknown model" in user_error("-m", "zoo.train", "--model=mnist_mpl")
  assert not missing.exists()
