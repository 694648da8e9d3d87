"""`python -m zoo.generate`: the zoo-generate command (zoo/cli/generate.py)."""
from zoo.cli.generate import run

if __name__ == "__main__":
  run()
