"""BUILD stays complete: every module is a py_library source, every test file a py_test,
every command line a py_binary."""
import re

from tests import helpers


def build_text():
  return (helpers.REPO / "BUILD").read_text()


def quoted_list(text, name):
  block = re.search(rf"{name} = \[(.*?)\]", text, re.S).group(1)
  return set(re.findall(r'"([^"]+)"', block))


def test_every_module_is_in_the_py_library():
  srcs = quoted_list(build_text(), "srcs")
  modules = {str(p.relative_to(helpers.REPO)) for p in (helpers.REPO / "zoo").rglob("*.py")}
  assert modules - srcs == set(), "add these to py_library(name = 'zoo') in BUILD"


def test_every_test_file_has_a_py_test():
  tests = {p.stem for p in (helpers.REPO / "tests").glob("test_*.py")}
  assert tests - quoted_list(build_text(), "TESTS") == set(), "add these to TESTS in BUILD"


def test_every_command_line_has_a_py_binary():
  clis = {p.stem for p in (helpers.REPO / "zoo" / "cli").glob("*.py")
          if "cli.run(main" in p.read_text()}
  binaries = set(re.findall(r'^    "(\w+)",$', build_text().split("py_binary(")[1].split("]]")[0],
                            re.M))
  assert clis and clis - binaries == set(), "add these to the py_binary list in BUILD"
