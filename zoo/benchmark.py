"""`python -m zoo.benchmark`: the zoo-benchmark command (zoo/cli/benchmark.py)."""
from zoo.cli.benchmark import run

if __name__ == "__main__":
  run()
