"""One trainer per work directory: an exclusive lock on `W/.lock` for the run's lifetime.

The lock is an advisory `flock` held by the trainer's process, so the kernel releases it
when that process ends, however it ends: a lock file left by a killed run never blocks the
next one (it is stale the moment its process is gone). The file says who holds it (host,
pid, since when) for the refusal message, and is removed when the run ends.
"""
import fcntl
import json
import os
import pathlib
import socket
import time

from zoo import errors

LOCK_FILE = ".lock"


class WorkdirBusyError(errors.UserError):
  """Another trainer holds the work directory."""


class WorkdirLock:
  """Context manager: holds `workdir/.lock` or raises WorkdirBusyError at once."""

  def __init__(self, workdir):
    self.path = pathlib.Path(workdir) / LOCK_FILE
    self._fd = None

  def __enter__(self):
    self.path.parent.mkdir(parents=True, exist_ok=True)
    while True:
      fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
      try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
      except BlockingIOError:
        holder = _describe(fd)
        os.close(fd)
        raise WorkdirBusyError(
            f"{self.path.parent} is in use by another training run ({holder}); wait for it "
            "to finish or stop it, or pass another --workdir.") from None
      if _same_file(fd, self.path):
        break
      os.close(fd)  # the holder removed the file as we opened it: lock the new one
    os.ftruncate(fd, 0)
    os.write(fd, json.dumps({"host": socket.gethostname(), "pid": os.getpid(),
                             "since": time.strftime("%Y-%m-%d %H:%M:%S %Z")}).encode())
    self._fd = fd
    return self

  def __exit__(self, *exc):
    self.path.unlink(missing_ok=True)  # while still locked, so no one locks a removed file
    os.close(self._fd)
    self._fd = None


def _same_file(fd, path):
  try:
    return os.fstat(fd).st_ino == os.stat(path).st_ino
  except FileNotFoundError:
    return False


def _describe(fd):
  try:
    info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    return f"host {info['host']}, pid {info['pid']}, since {info['since']}"
  except (ValueError, KeyError):
    return "holder unknown"
