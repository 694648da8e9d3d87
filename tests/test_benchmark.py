"""zoo.benchmark never rots: a tiny run prints every documented key (no timing checks)."""
import json
import re

import numpy as np

from tests import helpers

KEYS = {"train_images_per_sec", "train_gflops_per_sec", "matmul_gflops_per_sec",
        "data_images_per_sec", "sample_images_per_sec", "flops_per_image", "peak_rss_mb",
        "project_latent_steps_per_sec", "gradient_latent_steps_per_sec"}


def test_benchmark_prints_the_documented_json_keys():
  result = helpers.run_python(
      "-m", "zoo.benchmark", "--model=mnist_mlp", "--batch_size=16", "--steps=6", "--warmup=2",
      "--windows=2", "--json", "--config.model.g_hidden=(32,)", "--config.model.d_hidden=(16,)")
  report = json.loads(result.stdout)
  assert KEYS <= set(report)
  assert all(report[k] > 0 for k in KEYS)
  assert sorted(report["formats"]) == ["onnx", "saved_model", "tfjs", "tflite"]
  for fmt, entry in report["formats"].items():  # every format, side by side, batch 1 and 64
    assert entry["runtime"] and set(entry["images_per_sec"]) == {"1", "64"}, (fmt, entry)
    assert min(entry["images_per_sec"].values()) > 0
  assert isinstance(report["sample_check_overhead"], float)  # may be < 0: it is a ratio - 1
  # The matmul FLOPs of the tiny model's step by hand (multiply-adds x 2): G 100-32-784,
  # D maxout 784 -> 80 (16 units x 5) -> 16 -> 1; the element-wise ops add a few percent.
  g, d = 100 * 32 + 32 * 784, 784 * 80 + 16
  d_step = g + 2 * d + 2 * d + 2 * 16  # G(z); D(x), D(G(z)); their weight grads; logit grads
  g_step = g + d + d + g + 32 * 784    # G(z); D(G(z)); grads back through D and into G
  matmul = 2 * (d_step + g_step)      # D's weight grads in the G step are never computed
  assert matmul < report["flops_per_image"] < 1.3 * matmul
  assert report["batch_size"] == 16 and report["examples_per_step"] == 16


def test_benchmark_table_names_each_figure_and_measures_your_folder(tmp_path):
  rng = np.random.default_rng(0)
  for i in range(40):
    helpers.write_image(tmp_path / "images" / f"{i}.png", rng.integers(0, 256, (30, 30, 1)))
  result = helpers.run_python(
      "-m", "zoo.benchmark", "--model=mnist_mlp", "--batch_size=16", "--steps=4", "--warmup=2",
      "--windows=2", "--config.model.g_hidden=(32,)", "--config.model.d_hidden=(16,)",
      "--config.data.source=folder", f"--config.data.path={tmp_path / 'images'}")
  for row in ("training", "training compute", "input pipeline", "sampling (SavedModel)",
              "input checks", "project (SavedModel)", "sample (TFLite)", "sample (ONNX)",
              "sample (TF.js)", "matmul ceiling", "peak memory"):
    assert f"  {row}  " in result.stdout
  your_data = re.search(r"  your data  +([\d,]+) images/s, folder \(decode, resize, crop\) "
                        r"\([\d.]+x training\)", result.stdout)
  assert your_data, result.stdout
  assert int(your_data[1].replace(",", "")) > 0  # its ratio to training may round to 0.0
