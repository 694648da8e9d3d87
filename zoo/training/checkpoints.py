"""Checkpoints of a run that survive bad storage: resume from the newest *readable* one
(a truncated or half-copied newest checkpoint is skipped with a warning), and a save that
fails for lack of space removes what it left and says so in one line."""
import pathlib
import re
import shutil

import tensorflow as tf
from absl import logging

from zoo import errors


class CheckpointError(errors.UserError):
  """Checkpoints exist but none can be read."""


def steps(directory):
  """{step: path prefix} of the checkpoints in `directory` (its state file, and any
  `ckpt-N.index` the state file does not list)."""
  directory = pathlib.Path(directory)
  state = tf.train.get_checkpoint_state(str(directory)) if directory.exists() else None
  paths = list(state.all_model_checkpoint_paths) if state else []
  paths += [str(p.with_suffix("")) for p in directory.glob("ckpt-*.index")]
  found = {}
  for path in paths:
    match = re.search(r"ckpt-(\d+)$", path)
    if match:
      found[int(match.group(1))] = str(directory / pathlib.Path(path).name)
  return found


def restore_newest_readable(make_checkpoint, directory):
  """Restores the newest checkpoint of `directory` that reads back whole, into a fresh
  `make_checkpoint()`; returns its path, or None when there is none. Unreadable newer ones
  are named in a warning with the steps lost; CheckpointError when none can be read."""
  found = steps(directory)
  failures = []
  for step in sorted(found, reverse=True):
    path = found[step]
    try:
      make_checkpoint().restore(path).assert_existing_objects_matched()
    except (tf.errors.OpError, IndexError, ValueError, AssertionError) as e:
      reason = str(getattr(e, "message", e)).strip().splitlines()[0]
      failures.append((step, path, reason))
      continue
    for bad_step, bad_path, reason in failures:
      logging.warning("Checkpoint %s is unreadable (%s); resuming from step %d instead, "
                      "which repeats %d steps.", bad_path, reason, step, bad_step - step)
    return path
  if failures:
    listed = "; ".join(f"{p}: {r}" for _, p, r in failures)
    raise CheckpointError(
        f"No readable checkpoint in {directory} ({listed}). Restore them from a copy, or move "
        "the directory away to start over from step 0.")
  return None


def save(manager, step):
  """manager.save(step); a full disk raises NoSpaceError after removing the partial files
  (earlier checkpoints are untouched: the manager deletes old ones only after a save)."""
  try:
    return manager.save(checkpoint_number=step)
  except (tf.errors.OpError, OSError) as e:
    if not errors.is_no_space(e):
      raise
    directory = pathlib.Path(manager.directory)
    for partial in directory.glob(f"ckpt-{step}_temp*"):
      shutil.rmtree(partial, ignore_errors=True)
    for partial in directory.glob(f"ckpt-{step}.*"):
      partial.unlink(missing_ok=True)
    newest = max(steps(directory), default=None)
    kept = f"resume from step {newest}" if newest is not None else "start from step 0"
    raise errors.NoSpaceError(
        f"No space left on device at {directory} while saving the checkpoint of step {step}; "
        f"free space or lower --config.train.keep_checkpoints, then run the same command to "
        f"{kept}.") from None
