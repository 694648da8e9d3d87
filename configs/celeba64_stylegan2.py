"""celeba64_stylegan2: StyleGAN2 config F (Karras et al. 2020) on CelebA faces at 64x64
(DCGAN's crop), 8 mapping layers, channels min(16384 / r, 512), batch 32, R1 gamma 0.0256
(0.0002 * 64^2 / 32), EMA half-life 10 kimg.

Run:   python -m zoo.train --model=celeba64_stylegan2   (needs TFDS celeb_a, see celeba64_dcgan)
Cost:  200,000 steps of 32 (6,400 kimg): about 2 days on one V100 by the paper's table
       (config F at 1024 runs 61 sec/kimg on 8 V100s; a 64x64 model is far cheaper per
       image). Not trained on this CPU.
Small: --config=configs/celeba64_stylegan2.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "cifar10_stylegan2").get_config(
      None, name="celeba64_stylegan2", dataset="celeba64", resolution=64, batch_size=32,
      mapping_layers=8, steps=200_000, ema_kimg=10.0)
  if arg == "small":
    zoo_config.shrink_for_tests(c, latent_dim=8, w_dim=8, channel_base=64, channel_max=8)
  return c
