"""Resume survives bad storage: a truncated newest checkpoint falls back to the newest
readable one, none readable stops with one line, and a full disk leaves nothing partial."""
import logging
import pathlib

import pytest
import tensorflow as tf

from tests import helpers
from zoo import errors
from zoo.training import checkpoints
from zoo.training import trainer


def _truncate(workdir, step):
  data = next(pathlib.Path(workdir, "checkpoints").glob(f"ckpt-{step}.data-*"))
  data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])


def test_a_truncated_newest_checkpoint_falls_back_to_the_previous_one(tmp_path, caplog):
  config = helpers.small_config(steps=20)  # ckpt-10 and ckpt-20
  trainer.train(config, tmp_path)
  _truncate(tmp_path, 20)
  config.train.steps = 30
  caplog.set_level(logging.INFO, logger="absl")
  run = trainer.train(config, tmp_path)
  assert "ckpt-20 is unreadable" in caplog.text and "which repeats 10 steps" in caplog.text
  assert "Resuming from step 10" in caplog.text and "from step 0" not in caplog.text
  assert run.step == 30
  assert tf.train.latest_checkpoint(str(tmp_path / "checkpoints")).endswith("ckpt-30")
  _truncate(tmp_path, 30)
  assert trainer.load_run(tmp_path)[2] == 20  # zoo.export and zoo.evaluate fall back too


def test_no_readable_checkpoint_stops_in_one_line(tmp_path):
  config = helpers.small_config(steps=10)
  trainer.train(config, tmp_path)
  _truncate(tmp_path, 10)
  config.train.steps = 20
  with pytest.raises(checkpoints.CheckpointError, match=r"No readable checkpoint in .*ckpt-10"):
    trainer.train(config, tmp_path)
  result = helpers.run_python("-m", "zoo.train", "--config=configs/mnist_mlp.py:small",
                              "--config.data.source=synthetic", f"--workdir={tmp_path}",
                              check=False)
  assert result.returncode == 1 and "Traceback" not in result.stderr
  assert "error: No readable checkpoint in" in result.stderr


def test_a_full_disk_leaves_no_partial_checkpoint_and_the_next_run_resumes(
    tmp_path, monkeypatch, caplog):
  config = helpers.small_config(steps=10)
  trainer.train(config, tmp_path)
  real_save = tf.train.CheckpointManager.save

  def full_disk(manager, checkpoint_number=None, **kwargs):
    # What TensorFlow leaves when the disk fills while it writes a checkpoint.
    partial = pathlib.Path(manager.directory) / f"ckpt-{checkpoint_number}_temp"
    partial.mkdir()
    (partial / "part-00000-of-00001.data-00000-of-00001").write_bytes(b"\0" * 100)
    raise tf.errors.ResourceExhaustedError(
        None, None, f"{partial}/part-00000-of-00001.data-00000-of-00001; No space left on device")

  monkeypatch.setattr(tf.train.CheckpointManager, "save", full_disk)
  config.train.steps = 20
  with pytest.raises(errors.NoSpaceError, match=r"No space left on device at .*checkpoints "
                     r"while saving the checkpoint of step 20; free space or lower "
                     r"--config.train.keep_checkpoints, then run the same command to resume "
                     r"from step 10"):
    trainer.train(config, tmp_path)
  assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir() if "ckpt-" in p.name) == [
      "ckpt-10.data-00000-of-00001", "ckpt-10.index"]
  monkeypatch.setattr(tf.train.CheckpointManager, "save", real_save)
  caplog.set_level(logging.INFO, logger="absl")
  assert trainer.train(config, tmp_path).step == 20
  assert "Resuming from step 10" in caplog.text
