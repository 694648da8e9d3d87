"""`python -m zoo.data`: the zoo-data command (zoo/cli/pack_data.py)."""
from zoo.cli.pack_data import run

if __name__ == "__main__":
  run()
