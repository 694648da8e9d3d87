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
  assert "LOCAL COPY of mnist:train (12857 examples)" in first.stderr
  assert "Starting mnist_mlp from step 0" in first.stderr
  assert re.search(r"step 20/20 +d_loss [\d.]+ +g_loss [\d.]+ +D\(x\) [\d.]+ +D\(G\(z\)\)",
                   first.stderr)
  second = helpers.run_python("-m", "zoo.train", "--model=mnist_mlp", f"--workdir={workdir}",
                              "--config.train.steps=40", *SMALL)
  assert "Resuming from step 20" in second.stderr and "step 40/40" in second.stderr
  assert "step 10/40" not in second.stderr
  assert (workdir / "export" / "mnist_mlp" / "2" / "saved_model.pb").exists()
  assert (workdir / "samples" / "step_0000040.png").exists()
