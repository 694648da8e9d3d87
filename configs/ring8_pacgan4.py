"""ring8_pacgan4: PacGAN4 (Lin et al. 2018, "PacGAN: The power of two samples in
generative adversarial networks", arXiv:1712.04086): the ring8 model with its data, networks
and training unchanged, except that D judges 4 samples at once (gan.pack=4), all real or
all generated, joined along the coordinates (D's first layer takes 8 inputs). The
batch is rounded up to a multiple of 4.

Run:   python -m zoo.train --model=ring8_pacgan4
Cost:  about ring8's (README has the measured times on 2 CPU cores).
Small: --config=configs/ring8_pacgan4.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "ring8").get_config(arg)
  c.model_name = "ring8_pacgan4"
  c.gan.pack = 4
  c.train.batch_size = -(-c.train.batch_size // 4) * 4
  return c
