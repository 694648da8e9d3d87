"""cifar10_wgan_gp: WGAN-GP (Gulrajani et al. 2017) on CIFAR-10, with the DCGAN-style
networks of the paper's CIFAR-10 DCGAN experiment; critic with layer norm, no sigmoid,
gradient penalty 10, 5 critic steps per generator step, Adam(1e-4, 0.5, 0.9).

Run:   python -m zoo.train --model=cifar10_wgan_gp   (needs TFDS cifar10, see cifar10_dcgan)
Cost:  20,000 generator steps at batch 64 (the paper runs 200,000). Not run here: no
       CIFAR-10 offline; its tests use TFDS mock data.
Small: --config=configs/cifar10_wgan_gp.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "fashion_mnist_wgan_gp").get_config(
      arg, dataset="cifar10", name="cifar10_wgan_gp")
  if arg != "small":
    c.train.steps = 20_000
  return c
