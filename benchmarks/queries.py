"""Projection and inpainting of held-out MNIST digits through exports' `project` and
`inpaint` signatures (README "Ask a trained generator"), with the zoo's MNIST classifier:

  .venv/bin/python benchmarks/queries.py --vae_run=runs/mnist_vae \
      --exports=runs/mnist_mlp/export/mnist_mlp/1,runs/mnist_dcgan/export/mnist_dcgan/1,... \
      [--num=1000] [--num_steps=500] [--out=docs/queries.json] [--tasks=project,bottom_half,...]

The digits are a seeded sample of the offline test split (which is sorted by class).

Per export: PSNR of G(z*) against the digit and the classifier's accuracy on G(z*); for
bottom-half and random-50% masks, the classifier's accuracy on the completed digits and the
PSNR of the filled region. Baselines: the VAE's plain encoder reconstruction, the masked
pixels filled with the training mean, the original digits.
"""
import argparse
import json
import pathlib
import time

import numpy as np

import zoo
from zoo import config as config_lib
from zoo import data
from zoo.cli import query_inputs
from zoo.data import masks
from zoo.evaluation import classifier
from zoo.training import trainer

MASKS = ("bottom_half", "random:0.5")


def batched(fn, images, batch, *extra):
  outs = [fn(images[i:i + batch], *(e[i:i + batch] for e in extra))
          for i in range(0, len(images), batch)]
  return {k: np.concatenate([o[k] for o in outs]) for k in outs[0]}


def accuracy(space, images, labels):
  return float((space(images)[1].argmax(1) == labels).mean())


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--exports", required=True)
  parser.add_argument("--vae_run", required=True)
  parser.add_argument("--num", type=int, default=1000)
  parser.add_argument("--num_steps", type=int, default=500)
  parser.add_argument("--batch", type=int, default=100)
  parser.add_argument("--tasks", default="project,bottom_half,random:0.5",
                      help="Which of project, bottom_half, random:0.5 to run per export.")
  parser.add_argument("--out", default="docs/queries.json")
  args = parser.parse_args()
  data_config = config_lib.base_config("queries", "mnist").data
  train_images, _, _ = data.load(data_config, "train")
  test_images, test_labels, source = data.load(data_config, "test")
  # The offline test split is sorted by class: a seeded sample of it.
  pick = np.sort(np.random.default_rng(0).permutation(len(test_images))[:args.num])
  x, y = test_images[pick].astype(np.float32) / 255.0, test_labels[pick]
  space = classifier.feature_space("mnist")
  mean = data.pixel_mean(train_images)
  known = {m: masks.make(m, len(x), 28, 28, seed=0) for m in MASKS}
  vae, _, step = trainer.load_run(args.vae_run)
  recon = np.concatenate([vae.generator(vae.encoder(x[i:i + 500])[0]).numpy()
                          for i in range(0, len(x), 500)])
  results = {"data": source, "num": len(x), "num_steps": args.num_steps,
             "classifier": space.description, "baselines": {
                 "originals": {"accuracy": accuracy(space, x, y)},
                 "vae_encoder_reconstruction": {
                     "run": f"{args.vae_run} (step {step})", "accuracy": accuracy(space, recon, y),
                     "psnr": float(query_inputs.psnr(recon, x).mean())}}}
  for m in MASKS:
    filled = known[m] * x + (1 - known[m]) * mean
    results["baselines"][f"mean_fill {m}"] = {
        "accuracy": accuracy(space, filled, y),
        "psnr_filled": float(query_inputs.psnr(filled, x, 1 - known[m]).mean())}
  results["exports"] = {}
  for path in args.exports.split(","):
    g = zoo.load(path)
    q = g.metadata["queries"]
    name = (f"{g.metadata.get('model', path)} (context {q['context']}"
            f"{', D prior' if q['discriminator'] else ''})")
    tasks = args.tasks.split(",")
    row = {"export": path, "queries": q}
    if "project" in tasks:
      start = time.perf_counter()
      projected = batched(lambda b: g.project(b, args.num_steps), x, args.batch)
      row["project"] = {"accuracy": accuracy(space, projected["images"], y),
                        "psnr": float(query_inputs.psnr(projected["images"], x).mean()),
                        "seconds": time.perf_counter() - start}
    for m in (m for m in MASKS if m in tasks):
      start = time.perf_counter()
      done = batched(lambda b, k: g.inpaint(b, k, args.num_steps), x, args.batch, known[m])
      assert np.array_equal(done["images"] * known[m], x * known[m])
      row[f"inpaint {m}"] = {
          "accuracy": accuracy(space, done["images"], y),
          "psnr_filled": float(query_inputs.psnr(done["images"], x, 1 - known[m]).mean()),
          "seconds": time.perf_counter() - start}
    results["exports"][name] = row
    print(json.dumps({name: row}, indent=1), flush=True)
  pathlib.Path(args.out).write_text(json.dumps(results, indent=2))
  print(json.dumps(results["baselines"], indent=1))


if __name__ == "__main__":
  main()
