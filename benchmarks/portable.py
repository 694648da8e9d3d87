"""TFLite, ONNX and TF.js copies of trained generators (README "Portable exports"): one
`zoo-export --formats=saved_model,tflite,onnx,tfjs` per run, then each copy's images against
the SavedModel's on 1,000 seeded latents, and sampling speed per format at batch 1 and 64,
side by side in this one process (zoo/performance/formats.py):

  .venv/bin/python benchmarks/portable.py --runs=runs/mnist_mlp,runs/mnist_dcgan \
      [--out=docs/portable.json] [--screenshot=docs/web_page.png]

--screenshot opens the page of the last run's export (zoo-serve-page) in headless Chromium.
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import tempfile
import threading
import time

import numpy as np
import tensorflow as tf

from zoo.performance import formats
from zoo.serving import page_server, portable, saved_model
from zoo.training import trainer

ROWS = 1000


def parity(path, num_classes, latent_dim, quantize):
  """{format: max |images - SavedModel's|, share of images_uint8 that differ} on ROWS."""
  inputs = portable.parity_inputs(latent_dim, num_classes, rows=ROWS, seed=1)
  serve = tf.saved_model.load(str(path)).signatures["serving_default"]
  want = {k: v.numpy() for k, v in serve(**{k: tf.constant(v) for k, v in inputs.items()})
          .items()}
  out = {}
  for fmt in ("tflite", "onnx", "tfjs"):
    got = np.concatenate([portable.run(fmt, path, {k: v[i:i + 200] for k, v in inputs.items()},
                                       num_classes)["images"] for i in range(0, ROWS, 200)])
    uint8 = np.round(np.clip(got, 0, 1) * 255)
    out[fmt if fmt != "tflite" else f"tflite ({quantize})"] = {
        "max_abs_diff": float(np.abs(got - want["images"]).max()),
        "uint8_differ": float((uint8 != want["images_uint8"]).mean()),
        "uint8_max_diff": int(np.abs(uint8 - want["images_uint8"]).max())}
  return out


def screenshot(path, out):
  server = page_server.make_server(path, port=0)
  threading.Thread(target=server.serve_forever, daemon=True).start()
  url = f"http://127.0.0.1:{server.server_address[1]}/?seed=3"
  subprocess.run([shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                  "--hide-scrollbars", "--virtual-time-budget=30000", "--window-size=1000,600",
                  f"--screenshot={out}", url], check=True, capture_output=True, timeout=120)
  server.shutdown()


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--runs", required=True)
  parser.add_argument("--out", default="docs/portable.json")
  parser.add_argument("--screenshot", default="")
  args = parser.parse_args()
  report = {"date": time.strftime("%Y-%m-%d"), "rows": ROWS, "runs": {}}
  with tempfile.TemporaryDirectory() as tmp:
    for run in args.runs.split(","):
      model, config, step = trainer.load_run(run)
      generator = model.sampling_generator()
      entry = {"step": step}
      for quantize in portable.QUANTIZE:
        start = time.perf_counter()
        path = trainer.export_checkpoint(run, f"{tmp}/{quantize}", formats=portable.FORMATS,
                                         tflite_quantize=quantize)
        meta = saved_model.read_metadata(path)
        entry.setdefault("export_seconds", {})[quantize] = time.perf_counter() - start
        entry.setdefault("bytes", {}).update(
            {(f if f != "tflite" else f"tflite ({quantize})"): v.get("bytes") for f, v in
             meta["formats"].items() if f != "saved_model"})
        entry.setdefault("parity", {}).update(parity(path, generator.num_classes,
                                                     generator.latent_dim, quantize))
      entry["converters"] = {f: v["converter"] for f, v in meta["formats"].items()}
      entry["speed"] = formats.rates(generator)
      report["runs"][config.model_name] = entry
      print(json.dumps({config.model_name: entry}, indent=1), flush=True)
    if args.screenshot:
      screenshot(path, args.screenshot)
  pathlib.Path(args.out).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
  main()
