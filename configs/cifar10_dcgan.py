"""cifar10_dcgan: DCGAN (Radford et al. 2016) on CIFAR-10 (32x32x3), the mnist_dcgan recipe.

Run:   python -m zoo.train --model=cifar10_dcgan   (needs TFDS cifar10: online, or
       `tfds build cifar10 --data_dir=DIR` and --config.data.data_dir=DIR)
Cost:  30,000 steps at batch 128 (the paper's batch). Not run here: CIFAR-10 is not
       reachable offline, so only its tests (TFDS mock data) run on this machine.
Small: --config=configs/cifar10_dcgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="cifar10", name="cifar10_dcgan"):
  c = zoo_config.load_sibling(__file__, "mnist_dcgan").get_config(arg, dataset, name)
  if arg != "small":
    c.train.update(steps=30_000, batch_size=128, sample_every=1_000, checkpoint_every=1_000)
  return c
