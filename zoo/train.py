"""`python -m zoo.train`: the zoo-train command (zoo/cli/train.py)."""
from zoo.cli.train import run

if __name__ == "__main__":
  run()
