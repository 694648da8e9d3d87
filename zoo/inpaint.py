"""`python -m zoo.inpaint`: the zoo-inpaint command (zoo/cli/inpaint.py)."""
from zoo.cli.inpaint import run

if __name__ == "__main__":
  run()
