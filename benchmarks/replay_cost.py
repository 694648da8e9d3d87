"""What a resume waits for: the trainer replays the data order up to the checkpoint's step
(`ds.skip(step)` on the run's shuffled batches, zoo/training/trainer.py) so a resumed run
sees the batches an unbroken run would. Prints the time per skipped batch for points (the
toy mixtures, 100,000 examples, batch 100) and for MNIST-sized images (60,000 uint8 images,
batch 64), beside the time to draw the same batches for training, in one run.

  .venv/bin/python benchmarks/replay_cost.py --batches=20000
"""
import argparse
import time

import numpy as np

from zoo import config as zoo_config
from zoo.data import pipeline


def _seconds(ds, skip, take):
  start = time.perf_counter()
  for _ in ds.skip(skip).take(take):
    pass
  return time.perf_counter() - start


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--batches", type=int, default=20000)
  args = parser.parse_args()
  shuffle_buffer = zoo_config.base_config("replay_cost", "mnist").data.shuffle_buffer
  cases = {"points [100000, 2], batch 100": (np.zeros((100_000, 2), np.float32), 100),
           "images [60000, 28, 28, 1] uint8, batch 64": (np.zeros((60_000, 28, 28, 1), np.uint8),
                                                         64)}
  for name, (x, batch) in cases.items():
    ds = pipeline.train_dataset(x, np.zeros(len(x), np.int64), batch, shuffle_buffer, seed=0)
    drawn = _seconds(ds, 0, args.batches)
    skipped = _seconds(ds, args.batches, 1)
    print(f"{name}: skipping {args.batches} batches {skipped:.2f} s "
          f"({1000 * skipped / args.batches:.3f} ms a batch; a resume at step 100,000 waits "
          f"{100_000 * skipped / args.batches:.0f} s), drawing them {drawn:.2f} s")


if __name__ == "__main__":
  main()
