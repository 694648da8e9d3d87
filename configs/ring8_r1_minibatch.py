"""ring8_r1_minibatch: minibatch discrimination (Salimans et al. 2016, "Improved Techniques for
Training GANs", arXiv:1606.03498, section 3.2): the ring8_r1 model with its data, networks and
training unchanged, except that D's last hidden layer also feeds a minibatch-discrimination
layer of 100 kernels of 5 dimensions (openai/improved-gan's MinibatchLayer: num_kernels=100,
dim_per_kernel=5), so each decision sees how close the sample is to the others of its batch.

Run:   python -m zoo.train --model=ring8_r1_minibatch
Cost:  a little more than ring8_r1's per step (README has the measured times on 2 CPU cores).
Small: --config=configs/ring8_r1_minibatch.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "ring8_r1").get_config(arg)
  c.model_name = "ring8_r1_minibatch"
  c.gan.minibatch_kernels = 100
  c.gan.minibatch_dims = 5
  return c
