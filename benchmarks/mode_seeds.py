"""Mode coverage over several seeds (README "Mode collapse and its cures"): trains each
model with --config.seed=0..N-1, one run at a time, and reports the mean and standard error
of the in-training evaluation's best checkpoint (the most modes; PacGAN's protocol of 2,500
samples, high quality within 3 std of the nearest mode) and of the final step.

  .venv/bin/python benchmarks/mode_seeds.py --models=grid25,grid25_pacgan2 --seeds=5 \
      --out=runs/modes [--steps=10000]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

import numpy as np


def summary(values):
  values = np.asarray(values, np.float64)
  spread = values.std(ddof=1) / np.sqrt(len(values)) if len(values) > 1 else 0.0
  return {"mean": float(values.mean()), "stderr": float(spread), "runs": values.tolist()}


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--models", required=True)
  parser.add_argument("--seeds", type=int, default=5)
  parser.add_argument("--steps", type=int, default=None)
  parser.add_argument("--out", required=True)
  args = parser.parse_args()
  results = {}
  for model in args.models.split(","):
    rows = []
    for seed in range(args.seeds):
      workdir = pathlib.Path(args.out) / model / f"seed{seed}"
      command = [sys.executable, "-m", "zoo.train", f"--model={model}", f"--workdir={workdir}",
                 f"--config.seed={seed}"]
      if args.steps:
        command.append(f"--config.train.steps={args.steps}")
      start = time.perf_counter()
      subprocess.run(command, check=True, capture_output=True)
      evals = [json.loads(line) for line in (workdir / "metrics.jsonl").read_text().splitlines()]
      best = max(evals, key=lambda e: (e["modes_covered"], e["high_quality_fraction"]))
      rows.append({"seed": seed, "seconds": time.perf_counter() - start, "best": best,
                   "final": evals[-1]})
      print(model, seed, "best", best["modes_covered"], round(best["high_quality_fraction"], 3),
            "final", evals[-1]["modes_covered"], flush=True)
    results[model] = {
        key: {"modes": summary([r[key]["modes_covered"] for r in rows]),
              "high_quality": summary([r[key]["high_quality_fraction"] for r in rows])}
        for key in ("best", "final")}
    results[model]["runs"] = rows
  path = pathlib.Path(args.out) / "modes.json"
  path.write_text(json.dumps(results, indent=2))
  for model, r in results.items():
    b = r["best"]
    print(f"{model}: modes {b['modes']['mean']:.1f} +- {b['modes']['stderr']:.1f}, "
          f"high quality {100 * b['high_quality']['mean']:.1f}% +- "
          f"{100 * b['high_quality']['stderr']:.1f}% (best of each run; {args.seeds} seeds)")


if __name__ == "__main__":
  main()
