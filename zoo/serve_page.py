"""`python -m zoo.serve_page`: the zoo-serve-page command (zoo/cli/serve_page.py)."""
from zoo.cli.serve_page import run

if __name__ == "__main__":
  run()
