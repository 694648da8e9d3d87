"""`python -m zoo.project`: the zoo-project command (zoo/cli/project.py)."""
from zoo.cli.project import run

if __name__ == "__main__":
  run()
