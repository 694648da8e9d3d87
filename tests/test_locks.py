"""One trainer per workdir: a second one is refused at once and touches nothing; a lock
left by a killed trainer does not block the next run."""
import os
import signal
import subprocess
import sys
import time

import pytest

from tests import helpers
from zoo.training import checkpoints
from zoo.training import locks

CLI = ["-m", "zoo.train", "--config=configs/mnist_mlp.py:small", "--config.data.source=synthetic",
       "--config.train.log_every=100", "--config.train.sample_every=100000",
       "--config.export.enabled=False"]


def test_a_second_lock_in_the_same_workdir_is_refused_and_names_the_holder(tmp_path):
  with locks.WorkdirLock(tmp_path):
    with pytest.raises(locks.WorkdirBusyError, match=rf"is in use by another training run "
                       rf"\(host .*, pid {os.getpid()}, since .*\); wait for it"):
      with locks.WorkdirLock(tmp_path):
        pass
  assert not (tmp_path / locks.LOCK_FILE).exists()  # released and removed
  with locks.WorkdirLock(tmp_path):  # free again
    pass


def _start(workdir, steps):
  return subprocess.Popen([sys.executable, *CLI, f"--workdir={workdir}",
                           f"--config.train.steps={steps}", "--config.train.checkpoint_every=100"],
                          cwd=helpers.REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_checkpoint(workdir, proc):
  deadline = time.time() + 120
  while proc.poll() is None and time.time() < deadline and not list(
      (workdir / "checkpoints").glob("ckpt-*.index")):
    time.sleep(0.05)
  assert proc.poll() is None, "the first trainer ended too soon"


def test_a_second_trainer_is_refused_and_a_killed_ones_lock_is_stale(tmp_path):
  workdir = tmp_path / "w"
  first = _start(workdir, steps=1_000_000)
  try:
    _wait_for_checkpoint(workdir, first)
    config = (workdir / "config.json").stat()
    second = helpers.run_python(*CLI, f"--workdir={workdir}", "--config.train.steps=20",
                                check=False, timeout=120)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert "is in use by another training run (host " in second.stderr
    assert f"pid {first.pid}, since " in second.stderr
    assert (workdir / "config.json").stat().st_mtime_ns == config.st_mtime_ns  # untouched
  finally:
    first.send_signal(signal.SIGKILL)
    first.wait()
  assert (workdir / locks.LOCK_FILE).exists()  # left behind by the killed run
  killed_at = max(checkpoints.steps(workdir / "checkpoints"))
  third = helpers.run_python(*CLI, f"--workdir={workdir}", f"--config.train.steps={killed_at + 20}")
  assert f"Resuming from step {killed_at}" in third.stderr
  assert f"Done at step {killed_at + 20}" in third.stderr
  assert not (workdir / locks.LOCK_FILE).exists()
