"""ring8_unrolled5: Unrolled GAN (Metz et al. 2017, arXiv:1611.02163) with k = 5: the ring8
model with its data, networks and training unchanged, except that G's loss is taken against
D advanced 5 steps by D's optimizer, with the gradient through them (gan.unroll_steps=5).

Run:   python -m zoo.train --model=ring8_unrolled5
Cost:  several times ring8's: each G step runs 5 D updates and their second derivatives
       (README has the measured time on 2 CPU cores).
Small: --config=configs/ring8_unrolled5.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "ring8").get_config(arg)
  c.model_name = "ring8_unrolled5"
  c.gan.unroll_steps = 5
  return c
