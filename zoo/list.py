"""`python -m zoo.list`: the zoo-list command (zoo/cli/list_models.py)."""
from zoo.cli.list_models import run

if __name__ == "__main__":
  run()
