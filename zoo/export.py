"""`python -m zoo.export`: the zoo-export command (zoo/cli/export.py)."""
from zoo.cli.export import run

if __name__ == "__main__":
  run()
