"""ring8_r1_pacgan2: PacGAN2 (Lin et al. 2018, "PacGAN: The power of two samples in
generative adversarial networks", arXiv:1712.04086): the ring8_r1 model with its data, networks
and training unchanged, except that D judges 2 samples at once (gan.pack=2), all real or
all generated, joined along the coordinates (D's first layer takes 4 inputs). As in
PacGAN's code, D still makes ring8_r1's number of decisions per step: the batch holds 2 times
as many points.

Run:   python -m zoo.train --model=ring8_r1_pacgan2
Cost:  about 2 times ring8_r1's per step (README has the measured times on 2 CPU cores).
Small: --config=configs/ring8_r1_pacgan2.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "ring8_r1").get_config(arg)
  c.model_name = "ring8_r1_pacgan2"
  c.gan.pack = 2
  c.train.batch_size *= 2
  return c
