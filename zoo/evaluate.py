"""`python -m zoo.evaluate`: the zoo-evaluate command (zoo/cli/evaluate.py)."""
from zoo.cli.evaluate import run

if __name__ == "__main__":
  run()
