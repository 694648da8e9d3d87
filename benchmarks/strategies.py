"""One device against MirroredStrategy over 2 logical CPUs, side by side in one run:
zoo.benchmark under each strategy, alternated `--repeats` times (logical CPUs must be set
before TensorFlow starts, so each measurement is its own process), medians printed.

  .venv/bin/python benchmarks/strategies.py [--model=mnist_mlp] [--batch_size=100] [--repeats=3]
"""
import argparse
import json
import statistics
import subprocess
import sys

STRATEGIES = {"one device": [], "mirrored x2": ["--strategy=mirrored", "--cpu_replicas=2"]}


def measure(model, batch_size, flags):
  out = subprocess.run([sys.executable, "-m", "zoo.benchmark", f"--model={model}",
                        f"--batch_size={batch_size}", "--json", *flags],
                       check=True, capture_output=True, text=True).stdout
  return json.loads(out)


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--model", default="mnist_mlp")
  parser.add_argument("--batch_size", type=int, default=100)
  parser.add_argument("--repeats", type=int, default=3)
  args = parser.parse_args()
  steps = {name: [] for name in STRATEGIES}
  for _ in range(args.repeats):
    for name, flags in STRATEGIES.items():
      result = measure(args.model, args.batch_size, flags)
      steps[name].append(result["train_steps_per_sec"])
      print(f"{name:12s} {result['train_steps_per_sec']:6.1f} steps/s "
            f"(steps_per_execution={result['steps_per_execution']}, "
            f"replicas={result['replicas']})", flush=True)
  base = statistics.median(steps["one device"])
  for name, rates in steps.items():
    median = statistics.median(rates)
    print(f"median {name:12s} {median:6.1f} steps/s  {median / base:.2f}x one device")


if __name__ == "__main__":
  main()
