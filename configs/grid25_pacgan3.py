"""grid25_pacgan3: PacGAN3 (Lin et al. 2018, "PacGAN: The power of two samples in
generative adversarial networks", arXiv:1712.04086): the grid25 model with its data, networks
and training unchanged, except that D judges 3 samples at once (gan.pack=3), all real or
all generated, joined along the coordinates (D's first layer takes 6 inputs). As in
PacGAN's code, D still makes grid25's number of decisions per step: the batch holds 3 times
as many points.

Run:   python -m zoo.train --model=grid25_pacgan3
Cost:  about 3 times grid25's per step (README has the measured times on 2 CPU cores).
Small: --config=configs/grid25_pacgan3.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "grid25").get_config(arg)
  c.model_name = "grid25_pacgan3"
  c.gan.pack = 3
  c.train.batch_size *= 3
  return c
