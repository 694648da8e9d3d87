"""Directories and files that appear whole or not at all: written under a hidden temporary
name beside their final path, then renamed into place (a rename within one filesystem is
atomic), so a reader (TF Serving, a later run) never sees a partial one."""
import contextlib
import os
import pathlib
import shutil
import tempfile
import uuid


@contextlib.contextmanager
def directory(final, replace=False):
  """Yields a temporary directory to fill; when the block ends without an exception it
  becomes `final` (replacing an existing one if `replace`), otherwise it is removed."""
  final = pathlib.Path(final)
  final.parent.mkdir(parents=True, exist_ok=True)
  tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".tmp-{final.name}-", dir=final.parent))
  try:
    yield tmp
    if replace and final.exists():
      shutil.rmtree(final)
    os.rename(tmp, final)
  except BaseException:
    shutil.rmtree(tmp, ignore_errors=True)
    raise


def write_text(path, text):
  """Writes `text` to `path` whole or not at all: a run killed mid-write leaves the file as it
  was, never a truncated JSON that its resume would fail to read."""
  path = pathlib.Path(path)
  tmp = path.with_name(f".tmp-{path.name}-{uuid.uuid4().hex[:8]}")
  try:
    tmp.write_text(text)
    os.replace(tmp, path)
  except BaseException:
    tmp.unlink(missing_ok=True)
    raise
