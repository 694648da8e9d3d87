"""Prints every registered model: python -m zoo.list"""

from zoo.cli import common as cli
from zoo.models import registry


def table() -> str:
  rows = [("model", "dataset", "architecture", "loss (G / D)", "paper")]
  for name in registry.names():
    spec = registry.get(name)
    rows.append((name, spec.dataset, spec.architecture, loss_name(spec.default_config()),
                 spec.paper))
  widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
  return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1]
                   for r in rows)


def loss_name(config) -> str:
  if "ssl" in config:
    return "feature_matching / K+1 classes"
  if "gan" in config:
    loss = f"{config.gan.generator_loss} / {config.gan.discriminator_loss}"
    return loss + (f" + GP {config.gan.gradient_penalty:g}" if config.gan.gradient_penalty
                   else "")
  if "cyclegan" in config:
    return f"least_squares + cycle x {config.cyclegan.cycle_weight:g}"
  if "translation" in config:
    t = config.translation
    return f"{t.content} x {t.content_weight:g} + {t.generator_loss} x {t.adversarial_weight:g}"
  if "mmd" in config:
    return "mmd on AE codes + reconstruction" if config.model.get("code_dim") else "mmd"
  return "elbo"


def main(argv):
  del argv
  print(table())


def run():
  """zoo-list."""
  cli.run(main, lambda: None)


if __name__ == "__main__":
  run()
