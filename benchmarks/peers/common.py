"""What the peer benchmarks (torch_gan.py, jax_gan.py) share: the command line, the
synthetic data, the models' settings as the zoo's configs give them, the expected parameter
counts, the timing loop and the output. Nothing here imports a framework."""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np

# The zoo's configs (configs/*.py): batch size and critic steps per generator step.
MODELS = {
    "mnist_mlp": dict(batch_size=100, d_steps=1),
    "mnist_dcgan": dict(batch_size=64, d_steps=1),
    "fashion_mnist_wgan_gp": dict(batch_size=64, d_steps=5),
}
LATENT_DIM = 100
IMAGE_SHAPE = (28, 28, 1)  # NHWC, as in the zoo
NUM_IMAGES = 4096

_PIXELS = 28 * 28
_DCGAN_G = 100 * 7 * 7 * 128 + 2 * 128 + 5 * 5 * 128 * 64 + 2 * 64 + 5 * 5 * 64 * 1 + 1
# Trainable parameters (batch-norm running statistics are not counted).
EXPECTED_PARAMS = {
    "mnist_mlp": dict(
        G=100 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * _PIXELS + _PIXELS,
        D=_PIXELS * 1200 + 1200 + 240 * 1200 + 1200 + 240 + 1),
    "mnist_dcgan": dict(
        G=_DCGAN_G,
        D=5 * 5 * 1 * 64 + 64 + 5 * 5 * 64 * 128 + 2 * 128 + 7 * 7 * 128 + 1),
    # As the zoo builds it: the second conv keeps its bias (no batch norm to cancel it),
    # the logit has none.
    "fashion_mnist_wgan_gp": dict(
        G=_DCGAN_G,
        D=5 * 5 * 1 * 64 + 64 + 5 * 5 * 64 * 128 + 128 + 2 * 128 + 7 * 7 * 128),
}


def log(*args):
  print(*args, file=sys.stderr, flush=True)


def parse_args(framework):
  p = argparse.ArgumentParser(description=f"{framework} peer of `python -m zoo.benchmark`: "
                              "steady-state GAN training speed on synthetic images.")
  p.add_argument("--model", required=True, choices=sorted(MODELS))
  p.add_argument("--batch_size", type=int, default=None,
                 help="Batch per D/G update (default: the zoo config's).")
  p.add_argument("--steps", type=int, default=300, help="Timed training steps.")
  p.add_argument("--warmup", type=int, default=20, help="Untimed steps first (compilation).")
  p.add_argument("--windows", type=int, default=5, help="Windows the timed steps are split into.")
  p.add_argument("--seed", type=int, default=0)
  p.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
  p.add_argument("--check", action="store_true",
                 help="Only build the models, print and verify their parameter counts.")
  args = p.parse_args()
  if args.batch_size is None:
    args.batch_size = MODELS[args.model]["batch_size"]
  if min(args.batch_size, args.steps, args.windows) < 1 or args.warmup < 0:
    p.error("--batch_size, --steps and --windows must be >= 1, --warmup >= 0")
  if args.steps < args.windows:
    p.error("--steps must be >= --windows")
  args.d_steps = MODELS[args.model]["d_steps"]
  args.examples_per_step = args.batch_size * args.d_steps
  return args


def synthetic_images(seed=0, n=NUM_IMAGES):
  """n random uint8 images [n, 28, 28, 1], converted once to float32 in [0, 1]."""
  pixels = np.random.default_rng(seed).integers(0, 256, size=(n, *IMAGE_SHAPE), dtype=np.uint8)
  return pixels.astype(np.float32) / 255.0


def check_params(model, counts):
  """Logs {"G": n, "D": n} against EXPECTED_PARAMS; returns True if they match."""
  ok = True
  for net, n in counts.items():
    want = EXPECTED_PARAMS[model][net]
    ok &= n == want
    log(f"{model} {net}: {n:,} trainable parameters (expected {want:,})"
        f"{'' if n == want else '  MISMATCH'}")
  return ok


def time_training(step, sync, warmup, steps, windows):
  """Runs `warmup` untimed calls of `step()`, then `steps` timed ones in `windows` windows
  of (nearly) equal size; `sync(out)` waits until the device has finished `out`, the
  value of the last call. Returns (steps/s of each window, last output)."""
  out = None
  for _ in range(warmup):
    out = step()
  if out is not None:
    sync(out)
  rates = []
  for size in (steps // windows + (i < steps % windows) for i in range(windows)):
    start = time.perf_counter()
    for _ in range(size):
      out = step()
    sync(out)
    rates.append(size / (time.perf_counter() - start))
  return rates, out


def check_finite(losses):
  """Logs the last step's losses; exits with an error if one is not finite."""
  log("last step: " + ", ".join(f"{k} {v:.4f}" for k, v in losses.items()))
  if not all(math.isfinite(v) for v in losses.values()):
    sys.exit("error: non-finite loss")


def report(framework, version, args, rates):
  median = statistics.median(rates)
  result = {
      "framework": framework, "version": version, "model": args.model,
      "batch_size": args.batch_size, "examples_per_step": args.examples_per_step,
      "train_steps_per_sec": median,
      "train_images_per_sec": median * args.examples_per_step,
      "train_images_per_sec_min": min(rates) * args.examples_per_step,
      "train_images_per_sec_max": max(rates) * args.examples_per_step,
      "timed_steps": args.steps, "warmup_steps": args.warmup, "windows": args.windows,
      "cpus": os.cpu_count(),
  }
  if args.json:
    print(json.dumps(result))
  else:
    print(f"{framework} {version} {args.model}: batch {args.batch_size} "
          f"({args.examples_per_step} real images per step): {median:.2f} steps/s, "
          f"{result['train_images_per_sec']:,.0f} images/s (min "
          f"{result['train_images_per_sec_min']:,.0f}, max "
          f"{result['train_images_per_sec_max']:,.0f}); {args.steps} timed steps in "
          f"{args.windows} windows after {args.warmup}")
  return result
