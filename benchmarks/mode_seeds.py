"""Mode coverage over several seeds (README "Improved techniques and mode-collapse
cures"): trains each model with --config.seed=0..N-1, one run at a time, and reports the
mean and standard error of the in-training evaluation's best checkpoint (the most modes;
PacGAN's protocol of 2,500 samples, high quality within 3 std of the nearest mode) and of
the final step. Runs already finished under --out (their mode_seeds_run.json) are reused,
not retrained.

  .venv/bin/python benchmarks/mode_seeds.py --models=grid25,grid25_pacgan2 --seeds=5 \
      --out=runs/modes [--steps=10000] [--override=train.ema_decay=0.999 ...]

--override KEY=VALUE (repeatable) passes --config.KEY=VALUE to every run; a finished run
trained with other overrides is an error, not silently reused (give another --out).
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

import numpy as np


# Summary name -> the in-training evaluation's key (modes_with_a_sample: the papers' count;
# modes: the zoo's stricter one, zoo/evaluation/modes.py).
FIELDS = {"modes": "modes_covered", "high_quality": "high_quality_fraction",
          "modes_with_a_sample": "modes_with_a_sample"}


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
  parser.add_argument("--override", action="append", default=[], metavar="KEY=VALUE",
                      help="a config override for every run, e.g. train.ema_decay=0.999")
  args = parser.parse_args()
  for override in args.override:
    if "=" not in override:
      parser.error(f"--override={override}: expected KEY=VALUE, e.g. train.ema_decay=0.999")
  results = {}
  for model in args.models.split(","):
    rows = []
    for seed in range(args.seeds):
      workdir = pathlib.Path(args.out) / model / f"seed{seed}"
      command = [sys.executable, "-m", "zoo.train", f"--model={model}", f"--workdir={workdir}",
                 f"--config.seed={seed}"]
      if args.steps:
        command.append(f"--config.train.steps={args.steps}")
      command += [f"--config.{override}" for override in args.override]
      record = workdir / "mode_seeds_run.json"  # written when a run finishes
      if record.exists():  # an interrupted benchmark reruns only the runs it had not finished
        finished = json.loads(record.read_text())
        # (records of the first runs hold no command; the interpreter may differ)
        if finished["command"] and finished["command"][3:] != command[3:]:
          sys.exit(f"{workdir} was trained with {finished['command'][3:]}, not "
                   f"{command[3:]}: give another --out.")
        seconds = finished["seconds"]
      else:
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        record.write_text(json.dumps({"seconds": seconds, "command": command}))
      evals = [json.loads(line) for line in (workdir / "metrics.jsonl").read_text().splitlines()]
      best = max(evals, key=lambda e: (e["modes_covered"], e["high_quality_fraction"]))
      rows.append({"seed": seed, "seconds": seconds, "best": best,
                   "final": evals[-1]})
      print(model, seed, "best", best["modes_covered"], round(best["high_quality_fraction"], 3),
            "final", evals[-1]["modes_covered"], flush=True)
    results[model] = {
        key: {name: summary([r[key][field] for r in rows]) for name, field in FIELDS.items()
              if all(field in r[key] for r in rows)}
        for key in ("best", "final")}
    results[model]["runs"] = rows
  path = pathlib.Path(args.out) / "modes.json"
  path.write_text(json.dumps(results, indent=2))
  for model, r in results.items():
    for key in ("best", "final"):
      b = r[key]
      line = (f"{model} ({key}): modes {b['modes']['mean']:.1f} +- {b['modes']['stderr']:.1f}, "
              f"high quality {100 * b['high_quality']['mean']:.1f}% +- "
              f"{100 * b['high_quality']['stderr']:.1f}%")
      if "modes_with_a_sample" in b:
        line += (f", modes with a sample {b['modes_with_a_sample']['mean']:.1f} +- "
                 f"{b['modes_with_a_sample']['stderr']:.1f}")
      print(f"{line} ({args.seeds} seeds)")


if __name__ == "__main__":
  main()
