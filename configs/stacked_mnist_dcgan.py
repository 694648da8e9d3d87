"""stacked_mnist_dcgan: DCGAN (Radford et al. 2016) on Stacked MNIST (three MNIST digits
as the channels of one image, 1,000 modes; Metz et al. 2017), the mode-collapse benchmark
of PacGAN's Table 2 (DCGAN: 99 modes in Metz et al.'s run, 78.9 +- 6.5 in PacGAN's).

Run:   python -m zoo.train --model=stacked_mnist_dcgan
       python -m zoo.evaluate --workdir=W --num_samples=26000   (modes and KL, PacGAN's count)
Cost:  mnist_dcgan's recipe for 10,000 steps of 64 (936 s here; every triple covered by
       step 7,500, README "Stacked MNIST").
Small: --config=configs/stacked_mnist_dcgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "mnist_dcgan").get_config(
      arg, dataset="stacked_mnist", name="stacked_mnist_dcgan")
  if arg != "small":
    c.train.steps = 10_000
  return c
