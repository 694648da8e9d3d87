"""README's "Use the zoo as a library" blocks run as written, from an empty directory."""
import os
import re
import subprocess
import sys

import pytest

from tests import helpers


def library_blocks():
  text = (helpers.REPO / "README.md").read_text()
  section = text.split("## Use the zoo as a library", 1)[1].split("\n## ", 1)[0]
  return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_section_has_its_three_blocks():
  blocks = library_blocks()
  assert len(blocks) == 3
  assert "model.fit(" in blocks[1] and "zoo.load(" in blocks[2] and ".sample(16" in blocks[2]
  assert ".project(" in blocks[2] and ".inpaint(" in blocks[2]


@pytest.mark.parametrize("index", range(3))
def test_library_block_runs(index, tmp_path):
  env = dict(os.environ, PYTHONPATH=str(helpers.REPO))
  result = subprocess.run([sys.executable, "-c", library_blocks()[index]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
  assert result.returncode == 0, result.stderr[-3000:]
  expected = {0: "20 (1200, 1200)", 1: "['d_fake', 'd_loss', 'd_real', 'g_loss', 'r_t']",
              2: "(16, 28, 28, 1) (1, 5, 28, 28, 1) 20\n(2, 100) (2, 28, 28, 1)"}[index]
  assert expected in result.stdout


def test_each_public_function_has_a_docstring_with_an_example():
  """The section says so; `help(zoo.X)` is where a library user looks first."""
  import inspect
  import zoo
  functions = [n for n in zoo.__all__ if inspect.isfunction(getattr(zoo, n))]
  assert len(functions) == 6
  missing = [n for n in functions if "Example:\n" not in (getattr(zoo, n).__doc__ or "")]
  assert not missing, f"no Example block in: {missing}"
