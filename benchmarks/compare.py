"""The zoo against its peers (benchmarks/peers/: PyTorch eager, JAX + optax), side by side
in one run on this machine: training images/s of each, and the zoo's ratios to them.

  bash benchmarks/run.sh [--models=mnist_mlp,mnist_dcgan] [--batch_sizes=64,256] [--out=FILE]

Runs every measurement one after the other (never two at once: they share the cores), then
prints a Markdown table (and writes it to --out). The zoo runs `python -m zoo.benchmark
--json` from the zoo's venv; the peers run from benchmarks/peers/.venv.
"""
import argparse
import datetime
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PEERS = ROOT / "benchmarks" / "peers"
# Timed steps and warm-up per model: each measurement takes tens of seconds here.
STEPS = {"mnist_mlp": (300, 20), "mnist_dcgan": (40, 5), "fashion_mnist_wgan_gp": (10, 2)}


def _run(cmd, cwd):
  print("$", " ".join(str(c) for c in cmd), file=sys.stderr, flush=True)
  out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
  if out.returncode:
    sys.exit(f"failed ({out.returncode}): {' '.join(map(str, cmd))}\n{out.stderr[-3000:]}")
  return json.loads(out.stdout)  # --json: stdout holds the JSON object alone


def _median_run(runs):
  """The run with the median training rate (an odd count of runs)."""
  return sorted(runs, key=lambda r: r["train_images_per_sec"])[len(runs) // 2]


def measure(model, batch, windows, repeats):
  """Each framework `repeats` times, interleaved (zoo, PyTorch, JAX, zoo, ...), so that a
  slow spell of the machine hits all three; keeps each one's median run."""
  steps, warmup = STEPS[model]
  common = [f"--batch_size={batch}", f"--steps={steps}", f"--warmup={warmup}",
            f"--windows={windows}", "--json"]
  peer_python = PEERS / ".venv" / "bin" / "python"
  commands = {
      "zoo": ([sys.executable, "-m", "zoo.benchmark", f"--model={model}", *common], ROOT),
      "pytorch": ([peer_python, "torch_gan.py", f"--model={model}", *common], PEERS),
      "jax": ([peer_python, "jax_gan.py", f"--model={model}", *common], PEERS),
  }
  runs = {name: [] for name in commands}
  for _ in range(repeats):
    for name, (cmd, cwd) in commands.items():
      runs[name].append(_run(cmd, cwd))
  return {"model": model, "batch_size": batch, "repeats": repeats,
          **{name: _median_run(r) for name, r in runs.items()},
          "all_runs": runs}


def _rate(r):
  return (f"{r['train_images_per_sec']:,.0f} ({r['train_images_per_sec_min']:,.0f}-"
          f"{r['train_images_per_sec_max']:,.0f})")


def markdown(rows):
  lines = [
      "| model | batch | zoo images/s | PyTorch eager | JAX jit | zoo / PyTorch | zoo / JAX "
      "| zoo GFLOP/s (% of matmul ceiling) | input pipeline / training | sampling images/s "
      "(% of ceiling) |",
      "|---|---|---|---|---|---|---|---|---|---|"]
  for row in rows:
    zoo, torch, jax = row["zoo"], row["pytorch"], row["jax"]
    ceiling = zoo["matmul_gflops_per_sec"]
    lines.append(
        f"| {row['model']} | {row['batch_size']} | {_rate(zoo)} | {_rate(torch)} | "
        f"{_rate(jax)} | {zoo['train_images_per_sec'] / torch['train_images_per_sec']:.2f}x | "
        f"{zoo['train_images_per_sec'] / jax['train_images_per_sec']:.2f}x | "
        f"{zoo['train_gflops_per_sec']:.0f} ({100 * zoo['train_gflops_per_sec'] / ceiling:.0f}%)"
        f" | {zoo['data_images_per_sec'] / zoo['train_images_per_sec']:.0f}x | "
        f"{zoo['sample_images_per_sec']:,.0f} "
        f"({100 * zoo['sample_gflops_per_sec'] / ceiling:.0f}%) |")
  z = rows[0]["zoo"]
  lines.append("")
  lines.append(f"Each cell: the median of {rows[0]['repeats']} interleaved runs, each the "
               "median of its windows (range: that run's slowest and fastest window). "
               "Matmul ceiling (float32 2048x2048, XLA) in the zoo's reported runs: "
               + ", ".join(f"{r['zoo']['matmul_gflops_per_sec']:.0f}" for r in rows)
               + f" GFLOP/s. TensorFlow {z['tensorflow']}, Keras {z['keras']}, "
               f"PyTorch {rows[0]['pytorch']['version']}, JAX {rows[0]['jax']['version']}; "
               f"{z['cpus']} CPUs; {datetime.date.today().isoformat()}.")
  return "\n".join(lines)


def main():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--models", default="mnist_mlp,mnist_dcgan,fashion_mnist_wgan_gp")
  p.add_argument("--batch_sizes", default="64,256")
  p.add_argument("--windows", type=int, default=5)
  p.add_argument("--repeats", type=int, default=3, help="Interleaved runs per framework "
                 "(odd; the median run is reported).")
  p.add_argument("--out", default=None, help="Also write the table (and raw JSON) here.")
  args = p.parse_args()
  rows = [measure(m, int(b), args.windows, args.repeats) for m in args.models.split(",")
          for b in args.batch_sizes.split(",")]
  table = markdown(rows)
  print(table)
  if args.out:
    pathlib.Path(args.out).write_text(table + "\n")
    pathlib.Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
  main()
