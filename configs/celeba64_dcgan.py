"""celeba64_dcgan: DCGAN (Radford et al. 2016) on CelebA faces, centre-cropped to 108x108
and resized to 64x64 (four stride-2 stages from 4x4, widths 512-256-128-64 as in the paper).

Run:   python -m zoo.train --model=celeba64_dcgan   (needs TFDS celeb_a: `tfds build
       celeb_a --data_dir=DIR` on a machine that is online, then --config.data.data_dir=DIR)
Cost:  30,000 steps at batch 128. Not run here: CelebA is not reachable offline, so only
       its tests (TFDS mock data) run on this machine.
Small: --config=configs/celeba64_dcgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "cifar10_dcgan").get_config(
      arg, "celeba64", "celeba64_dcgan")
