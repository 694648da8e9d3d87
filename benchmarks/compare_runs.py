"""How far apart two runs' weights are at one step: max |a - b| over G's and D's weights,
their batch-norm statistics and the EMA averages. Zero means the two trainings were the
same to the bit (a setting that only changes sampling, or a resume that reproduced the
run); nothing is trained.

  .venv/bin/python benchmarks/compare_runs.py runs/modes_ema/ring8_r1/seed0 \
      runs/modes_ema_sbn/ring8_r1/seed0 --step=20000

Runs of one model (the same variables; the EMA averages are compared when both runs keep
them); pairs are given as RUN_A RUN_B [RUN_A RUN_B ...].
"""
import argparse

import numpy as np

from zoo.training import trainer


def parts(model):
  """{name: list of variables}: each player's trained weights, its non-trained ones
  (batch-norm statistics) as a part of their own, and the EMA averages."""
  out = {"G": model.generator.trainable_weights,
         "G's statistics": model.generator.non_trainable_weights}
  if getattr(model, "discriminator", None) is not None:
    out["D"] = model.discriminator.trainable_weights
    out["D's statistics"] = model.discriminator.non_trainable_weights
  if getattr(model, "ema", None) is not None:
    out["EMA"] = list(model.ema.averages)
  return out


def distance(model_a, model_b):
  """{part: max |a - b| over its values} of the parts both models hold (a run without EMA
  has no averages); refuses models whose shared parts hold different variables."""
  a, b = parts(model_a), parts(model_b)
  shared = [k for k in a if k in b]
  if any([v.shape for v in a[k]] != [v.shape for v in b[k]] for k in shared):
    raise SystemExit("The runs hold different variables: compare runs of one model.")
  return {k: max((float(np.abs(x.numpy() - y.numpy()).max()) for x, y in zip(a[k], b[k])),
                 default=0.0) for k in shared}


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("runs", nargs="+", help="workdirs of zoo.train runs, in pairs")
  parser.add_argument("--step", type=int, default=None,
                      help="checkpoint step of both runs (default: each run's newest)")
  args = parser.parse_args()
  if len(args.runs) % 2:
    raise SystemExit("Give the runs in pairs: RUN_A RUN_B [RUN_A RUN_B ...].")
  for run_a, run_b in zip(args.runs[::2], args.runs[1::2]):
    model_a, _, step_a = trainer.load_run(run_a, step=args.step)
    model_b, _, step_b = trainer.load_run(run_b, step=args.step)
    gaps = distance(model_a, model_b)
    print(f"{run_a} (step {int(step_a)}) vs {run_b} (step {int(step_b)}): " + ", ".join(
        f"{k} {v:.3g}" for k, v in gaps.items()), flush=True)


if __name__ == "__main__":
  main()
