"""The errors a user can fix. Commands print their message as one line and exit 1
(zoo/cli/common.py); anything else is a bug and keeps its traceback."""
import errno


class UserError(Exception):
  """A mistake or a condition the user can fix; the message says what and how."""


class NotFoundError(UserError, FileNotFoundError):
  """A path given by the user holds nothing usable (no run, no export, no checkpoint)."""


class ExistsError(UserError, FileExistsError):
  """A path the command would write already holds something it must not overwrite."""


class NoSpaceError(UserError, OSError):
  """The disk filled up while writing; what was written before is intact."""


def is_no_space(error) -> bool:
  """True for a write that failed because the device is full (Python or TensorFlow)."""
  if isinstance(error, OSError) and error.errno == errno.ENOSPC:
    return True
  import tensorflow as tf  # not at import time: the commands import this before TensorFlow
  return (isinstance(error, tf.errors.OpError) and
          "no space left on device" in str(error.message).lower())


class InvalidInputError(UserError, ValueError):
  """An input that cannot be used as given (wrong kind of export, shape, labels)."""
