"""What the EMA copy of G samples with the live G's batch-norm statistics (the zoo before
2026-12-06, train.ema_bn_batches=0) and with statistics of its own weights (the default
since): mode coverage on the toy mixtures, at the newest checkpoint of each run given.
Nothing is trained; the checkpoints are read as they are.

  .venv/bin/python benchmarks/ema_statistics.py runs/modes_ema/ring8_r1_pacgan2/seed*

Each run must keep an EMA of G (train.ema_decay > 0) and be on a toy mixture.
"""
import argparse

import numpy as np

from zoo.data import toy
from zoo.evaluation import modes
from zoo.training import trainer


def coverage(generator, mixture, samples=2500, seed=0):
  """(modes covered, % of high quality) of `samples` points, PacGAN's protocol."""
  z = generator.sample_latent(samples, seed=seed)
  r = modes.mode_coverage(np.asarray(generator(z, training=False)), mixture.centers,
                          mixture.std)
  return r["modes_covered"], 100 * r["high_quality_fraction"]


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("runs", nargs="+", help="workdirs of zoo.train runs with EMA")
  parser.add_argument("--batches", type=int, default=50,
                      help="train.ema_bn_batches for the second column")
  args = parser.parse_args()
  columns = ("live G", "EMA, live G's statistics", "EMA, its own statistics")
  rows = []
  for run in args.runs:
    model, config, step = trainer.load_run(run)
    if model.ema is None or config.data.name not in toy.MIXTURES:
      raise SystemExit(f"{run}: needs a toy-mixture run with train.ema_decay > 0.")
    mixture = toy.MIXTURES[config.data.name]
    row = [coverage(model.generator, mixture)]
    for batches in (0, args.batches):
      model.ema_bn_batches = batches
      row.append(coverage(model.sampling_generator(), mixture))
    rows.append(row)
    print(f"{run} (step {step}): " + "; ".join(
        f"{name} {m} modes / {hq:.1f}%" for name, (m, hq) in zip(columns, row)), flush=True)
  table = np.asarray(rows, np.float64)  # [runs, columns, (modes, high quality)]
  spread = table.std(axis=0, ddof=1) / np.sqrt(len(rows)) if len(rows) > 1 else 0 * table[0]
  for i, name in enumerate(columns):
    print(f"{name}: {table[:, i, 0].mean():.1f} +- {spread[i, 0]:.1f} modes, "
          f"{table[:, i, 1].mean():.1f}% +- {spread[i, 1]:.1f} of high quality "
          f"({len(rows)} runs)")


if __name__ == "__main__":
  main()
