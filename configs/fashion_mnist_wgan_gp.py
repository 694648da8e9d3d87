"""fashion_mnist_wgan_gp: WGAN-GP (Gulrajani et al. 2017) on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_wgan_gp
Cost:  2,000 generator steps, each after 5 critic steps, at batch 64 (README has the
       measured time). The paper's settings: critic without sigmoid or batch norm (layer
       norm here), gradient penalty 10, n_critic = 5, Adam(1e-4, 0.5, 0.9).
Small: --config=configs/fashion_mnist_wgan_gp.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="fashion_mnist", name="fashion_mnist_wgan_gp"):
  c = zoo_config.load_sibling(__file__, "mnist_dcgan").get_config(arg, dataset, name)
  c.model.d_norm = "layer"
  c.model.d_logit_bias = False  # cancels in E[D(G(z))] - E[D(x)]: it would never train
  c.gan.generator_loss = "wasserstein"
  c.gan.discriminator_loss = "wasserstein"
  c.gan.gradient_penalty = 10.0
  c.gan.d_steps = 5
  c.optimizer.d = zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.5, 0.9)
  c.optimizer.g = zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.5, 0.9)
  if arg != "small":
    c.train.steps = 2_000
  return c
