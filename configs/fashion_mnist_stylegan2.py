"""fashion_mnist_stylegan2: StyleGAN2 config F (Karras et al. 2020) on Fashion-MNIST, run at
32x32 (G crops the centre 28x28, D sees the images padded with black), with widths small
enough for a CPU: 64 channels up to 16x16, 32 at 32x32, w of 128 dimensions, 8 mapping
layers, batch 32, R1 gamma 0.0064 (0.0002 * 32^2 / 32), EMA half-life 10 kimg.

Run:   python -m zoo.train --model=fashion_mnist_stylegan2
Cost:  9,000 steps of 32 (288 kimg), about 30 minutes on this machine's 2 cores at about
       5 steps/s (README "StyleGAN2" has the measured time, FCD and grid beside
       fashion_mnist_dcgan's at the same wall time). The paper's config F trains 25,000 kimg
       on 8 V100s.
Small: --config=configs/fashion_mnist_stylegan2.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "cifar10_stylegan2").get_config(
      None, name="fashion_mnist_stylegan2", dataset="fashion_mnist", resolution=32,
      batch_size=32, channel_base=1024, channel_max=64, mapping_layers=8, steps=9_000,
      ema_kimg=10.0)
  c.model.update(latent_dim=128, w_dim=128)
  if arg == "small":
    zoo_config.shrink_for_tests(c, latent_dim=8, w_dim=8, channel_base=64, channel_max=8)
  return c
