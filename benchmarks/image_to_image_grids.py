"""The figures and table of README "Image-to-image", from the runs of
benchmarks/image_to_image.sh, through the exports' `translate` signatures:

  .venv/bin/python benchmarks/image_to_image_grids.py [--runs=runs/i2i] [--out=docs/i2i]

OUT_sr_<dataset>.png: rows of 8 test images: the 7x7 input, bicubic, SRResNet, SRGAN, the
target. OUT_pix2pix.png: edges, pix2pix, target. Prints the Markdown table of the reports.
"""
import argparse
import json
import pathlib

import numpy as np
import tensorflow as tf

import zoo
from zoo import config as config_lib
from zoo import data
from zoo.data import pairs
from zoo.visualize import grids

SR = {"mnist": "mnist_srgan_x4", "fashion_mnist": "fashion_mnist_srgan_x4"}
ROWS = (("bicubic", None), ("SRResNet", "srresnet"), ("SRGAN", "srgan"),
        ("SRGAN from scratch", "srgan_scratch"))


def _export(runs, run):
  return sorted((runs / run / "export").glob("*/*"), key=lambda p: int(p.name))[-1]


def _test_images(dataset, n=8, seed=0):
  images = data.load(config_lib.base_config("figures", dataset).data, "test")[0]
  pick = np.sort(np.random.default_rng(seed).choice(len(images), n, replace=False))
  return images[pick].astype(np.float32) / 255.0


def _upscale(x, size):
  return np.repeat(np.repeat(x, size // x.shape[1], axis=1), size // x.shape[2], axis=2)


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--runs", default="runs/i2i")
  parser.add_argument("--out", default="docs/i2i")
  args = parser.parse_args()
  runs = pathlib.Path(args.runs)
  print("| data | model | PSNR (dB) | SSIM | classifier accuracy | FCD |")
  print("|---|---|---|---|---|---|")
  for dataset, model in SR.items():
    targets = _test_images(dataset)
    sources = pairs.parse("downscale:4")(targets).numpy()
    panels = [_upscale(sources, 28),
              np.clip(tf.image.resize(sources, (28, 28), "bicubic").numpy(), 0, 1)]
    for label, variant in ROWS:
      run = f"{model}_{variant}"
      report_path = runs / f"{run}.json"
      if variant is None:
        report_path = runs / f"{model}_srresnet.json"
      if not report_path.exists():
        continue
      report = json.loads(report_path.read_text())
      values = report["baselines"]["bicubic"] if variant is None else report
      print(f"| {dataset} ({report['num_samples']}) | {label} | {values['psnr']:.2f} | "
            f"{values['ssim']:.3f} | {100 * values['accuracy']:.1f}% | {values['fcd']:.1f} |")
      if variant in ("srresnet", "srgan"):
        panels.append(zoo.load(_export(runs, run)).translate(sources))
    panels.append(targets)
    grids.write_png(f"{args.out}_sr_{dataset}.png",
                    grids.grid(np.concatenate(panels), rows=len(panels)))
  run = "fashion_mnist_pix2pix_edges_pix2pix"
  if (runs / f"{run}.json").exists():
    report = json.loads((runs / f"{run}.json").read_text())
    print(f"| fashion_mnist ({report['num_samples']}) | pix2pix from edges | "
          f"{report['psnr']:.2f} | {report['ssim']:.3f} | {100 * report['accuracy']:.1f}% | "
          f"{report['fcd']:.1f} |")
    targets = _test_images("fashion_mnist")
    edges = pairs.parse("edges")(targets).numpy()
    grids.write_png(f"{args.out}_pix2pix.png", grids.grid(np.concatenate(
        [edges, zoo.load(_export(runs, run)).translate(edges), targets]), rows=3))


if __name__ == "__main__":
  main()
