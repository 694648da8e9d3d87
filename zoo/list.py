"""Prints every registered model: python -m zoo.list"""
from absl import app

from zoo import registry


def table() -> str:
  rows = [("model", "dataset", "architecture", "generator loss", "paper")]
  for name in registry.names():
    spec = registry.get(name)
    config = spec.default_config()
    rows.append((name, spec.dataset, spec.architecture, config.gan.generator_loss, spec.paper))
  widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
  return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1]
                   for r in rows)


def main(argv):
  del argv
  print(table())


if __name__ == "__main__":
  app.run(main)
