"""zoo.atomic: a run's files (config.json, best/best.json, eval reports) and exports appear
whole or not at all."""
import pytest

from zoo import atomic


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
  path = tmp_path / "best.json"
  atomic.write_text(path, '{"step": 10}')
  with pytest.raises(UnicodeEncodeError):  # fails once the file is open, as a kill would
    atomic.write_text(path, "x" * 100_000 + "\ud800")
  assert path.read_text() == '{"step": 10}'  # Path.write_text leaves it empty here
  assert [p.name for p in tmp_path.iterdir()] == ["best.json"]
  atomic.write_text(path, '{"step": 20}')
  assert path.read_text() == '{"step": 20}'


def test_a_directory_appears_only_when_its_block_ends(tmp_path):
  final = tmp_path / "export" / "1"
  with pytest.raises(RuntimeError):
    with atomic.directory(final) as tmp:
      (tmp / "saved_model.pb").write_text("partial")
      raise RuntimeError("killed")
  assert not final.exists() and list(final.parent.iterdir()) == []
  with atomic.directory(final) as tmp:
    (tmp / "saved_model.pb").write_text("whole")
    assert not final.exists()
  assert (final / "saved_model.pb").read_text() == "whole"
