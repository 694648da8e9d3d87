"""The package's import layers (pyproject.toml's import-linter contracts) hold, a cycle
breaks them, and the command modules can all be imported in one process."""
import os
import pathlib
import shutil
import subprocess
import sys

from tests import helpers

# import-linter's command; no cache: Bazel runs tests in a read-only tree.
LINT = [str(pathlib.Path(sys.executable).parent / "lint-imports"), "--no-cache"]


def lint(root):
  env = dict(os.environ, PYTHONPATH=str(root))
  return subprocess.run(LINT, cwd=root, env=env, capture_output=True, text=True)


def test_the_import_contracts_hold():
  result = lint(helpers.REPO)
  assert result.returncode == 0, result.stdout[-3000:]
  assert "0 broken" in result.stdout


def test_an_import_cycle_breaks_the_layers_contract(tmp_path):
  shutil.copytree(helpers.REPO / "zoo", tmp_path / "zoo",
                  ignore=shutil.ignore_patterns("__pycache__"))
  shutil.copy(helpers.REPO / "pyproject.toml", tmp_path)
  base = tmp_path / "zoo" / "models" / "base.py"
  base.write_text(base.read_text() + "\nfrom zoo.training import trainer  # noqa\n")
  result = lint(tmp_path)
  assert result.returncode != 0
  assert "zoo.models.base -> zoo.training.trainer" in result.stdout


def test_every_command_module_imports_in_one_process():
  helpers.run_python("-c", "import zoo.train, zoo.export, zoo.generate, zoo.evaluate, "
                     "zoo.benchmark, zoo.list, zoo; zoo.list_models()")
