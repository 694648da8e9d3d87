"""folder_stylegan2_256: StyleGAN2 config F (Karras et al. 2020) on your own images at
256x256 RGB, with ADA (Karras et al. 2020b) on, as the StyleGAN2-ADA paper trains on a few
thousand images: 8 mapping layers, channels min(16384 / r, 512), batch 32, R1 gamma 0.4096
(0.0002 * 256^2 / 32), EMA half-life 10 kimg.

Run:   python -m zoo.train --model=folder_stylegan2_256 --config.data.source=folder \
           --config.data.path=DIR
       (DIR: a folder of images, README "Your own images"; or a zoo-data TFRecord folder
       with --config.data.source=tfrecord)
Cost:  150,000 steps of 32 (4,800 kimg). By StyleGAN2-ADA's table, 256x256 config F runs
       at about 60 sec/kimg on one V100, so about 3.5 days on one GPU. Not trained here.
Small: --config=configs/folder_stylegan2_256.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "cifar10_stylegan2").get_config(
      None, name="folder_stylegan2_256", dataset="folder256", resolution=256, batch_size=32,
      mapping_layers=8, steps=150_000, ema_kimg=10.0)
  c.data.flip = True  # source stays "auto": without a folder the run says how to pass one
  c.augment.policy = "ada"
  if arg == "small":  # 4 channels at 256x256, 8 below
    zoo_config.shrink_for_tests(c, latent_dim=8, w_dim=8, channel_base=1024, channel_max=8)
  return c
