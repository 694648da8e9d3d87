"""zoo.benchmark never rots: a tiny run prints every documented key (no timing checks)."""
import json

from tests import helpers

KEYS = {"train_images_per_sec", "train_gflops_per_sec", "matmul_gflops_per_sec",
        "data_images_per_sec", "sample_images_per_sec", "flops_per_image", "peak_rss_mb"}


def test_benchmark_prints_the_documented_json_keys():
  result = helpers.run_python(
      "-m", "zoo.benchmark", "--model=mnist_mlp", "--batch_size=16", "--steps=6", "--warmup=2",
      "--windows=2", "--json", "--config.model.g_hidden=(32,)", "--config.model.d_hidden=(16,)")
  report = json.loads(result.stdout)
  assert KEYS <= set(report)
  assert all(report[k] > 0 for k in KEYS)
  # The matmul FLOPs of the tiny model's step by hand (multiply-adds x 2): G 100-32-784,
  # D maxout 16x5 (784 -> 80 -> max -> 16 -> 80 -> max -> 16 -> 1); the profiler also counts
  # the element-wise ops, a few percent more.
  g, g_grads = 100 * 32 + 32 * 784, 100 * 32 + 2 * 32 * 784   # weights, and inputs but z's
  d = 784 * 80 + 16 * 80 + 16
  d_step = g + 2 * d + 2 * d + 2 * (16 * 80 + 16)  # D(x), D(G(z)), weight and hidden grads
  g_step = g + d + d + g_grads                      # G(z), D(G(z)), grads back to G
  matmul = 2 * (d_step + g_step)
  assert matmul < report["flops_per_image"] < 1.3 * matmul
  assert report["batch_size"] == 16 and report["examples_per_step"] == 16


def test_benchmark_table_names_each_figure():
  result = helpers.run_python(
      "-m", "zoo.benchmark", "--model=mnist_mlp", "--batch_size=16", "--steps=4", "--warmup=2",
      "--windows=2", "--config.model.g_hidden=(32,)", "--config.model.d_hidden=(16,)")
  for row in ("training", "training compute", "input pipeline", "sampling (SavedModel)",
              "matmul ceiling", "peak memory"):
    assert f"  {row}  " in result.stdout
