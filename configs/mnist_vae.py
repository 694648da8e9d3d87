"""mnist_vae: the variational autoencoder of Kingma & Welling 2014 on MNIST, the
explicit-density baseline: MLP encoder and Bernoulli decoder with 500 hidden units, a 20-d
latent space with prior N(0, I), trained on the negative ELBO. The decoder is exported with
the generators' signatures.

Run:   python -m zoo.train --model=mnist_vae
Cost:  10,000 steps at batch 100 (README has the measured time on 2 CPU cores).
Small: --config=configs/mnist_vae.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="mnist", name="mnist_vae"):
  c = zoo_config.base_config(name, dataset, kind="vae")
  c.model = dict(latent_dim=20, prior="normal", hidden=(500,))
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.9, 0.999),
                     g=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.9, 0.999))
  c.train.update(steps=10_000, batch_size=100, sample_every=1_000, checkpoint_every=1_000)
  if arg == "small":
    zoo_config.shrink_for_tests(c, hidden=(8,))
  return c
