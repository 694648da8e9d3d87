"""ring8_pacgan3: PacGAN3 (Lin et al. 2018, "PacGAN: The power of two samples in
generative adversarial networks", arXiv:1712.04086): the ring8 model with its data, networks
and training unchanged, except that D judges 3 samples at once (gan.pack=3), all real or
all generated, joined along the coordinates (D's first layer takes 6 inputs). The
batch is rounded up to a multiple of 3.

Run:   python -m zoo.train --model=ring8_pacgan3
Cost:  about ring8's (README has the measured times on 2 CPU cores).
Small: --config=configs/ring8_pacgan3.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "ring8").get_config(arg)
  c.model_name = "ring8_pacgan3"
  c.gan.pack = 3
  c.train.batch_size = -(-c.train.batch_size // 3) * 3
  return c
