"""Small fully connected G and D for the low-dimensional toy distributions
(zoo/data/toy.py): the 1-D Gaussian of Goodfellow et al. 2014 (Figure 1) and the 2-D
mixtures used to measure mode collapse (Metz et al. 2017, Unrolled GANs, arXiv:1611.02163:
ring of 8; Srivastava et al. 2017, VEEGAN, arXiv:1705.07761 and Lin et al. 2018, PacGAN,
arXiv:1712.04086: grid of 25).

G: z [batch, latent_dim] -> ReLU layers (optional batch norm) -> points [batch, dim],
   unbounded (a linear output, unlike the image generators' [0, 1]).
D: points [batch, dim] -> LeakyReLU(0.2) layers -> logits [batch].
"""
import keras
from keras import ops

from zoo.models import registry
from zoo.models import base
from zoo.models.layers import BatchNormalization

PAPERS = {
    "gaussian_1d": "Goodfellow et al. 2014, Generative Adversarial Nets, Figure 1 (arXiv:1406.2661)",
    "ring8": "Metz et al. 2017, Unrolled GANs, 2-D mixture of 8 (arXiv:1611.02163)",
    "grid25": "Lin et al. 2018, PacGAN, 2-D grid of 25 (arXiv:1712.04086)",
}


def _stack(units, batch_norm, prefix, leak=0.0):
  layers = []
  for i, u in enumerate(units):
    layers.append(keras.layers.Dense(u, use_bias=not batch_norm, name=f"{prefix}_{i}"))
    if batch_norm:
      layers.append(BatchNormalization(name=f"{prefix}_bn_{i}"))
    layers.append(keras.layers.LeakyReLU(leak) if leak else keras.layers.ReLU())
  return layers


@keras.saving.register_keras_serializable(package="zoo")
class PointGenerator(base.Generator):
  """z [batch, latent_dim] -> points [batch, dim]."""

  def __init__(self, latent_dim, image_shape, hidden_units=(128, 128), batch_norm=False,
               prior="normal", **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.batch_norm = bool(batch_norm)
    self.hidden = _stack(self.hidden_units, self.batch_norm, "hidden")
    self.out = keras.layers.Dense(self.image_shape[-1], name="points")

  def call(self, z, labels=None, training=False):
    h = z
    for layer in self.hidden:
      h = layer(h, training=training) if isinstance(
          layer, keras.layers.BatchNormalization) else layer(h)
    return self.out(h)

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), batch_norm=self.batch_norm)
    return config


@keras.saving.register_keras_serializable(package="zoo")
class PointDiscriminator(base.Discriminator):
  """points [batch, dim] -> logits [batch]."""

  def __init__(self, hidden_units=(128, 128), **kwargs):
    super().__init__(**kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    # Leaky: with plain ReLUs, D's units on these narrow inputs die and D goes constant.
    self.hidden = _stack(self.hidden_units, False, "hidden", leak=0.2)
    self.logit = keras.layers.Dense(1, name="logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x
    for layer in self.hidden:
      h = layer(h)
    return h

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units))
    return config


def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  generator = PointGenerator(model_config.latent_dim, image_shape,
                             hidden_units=model_config.g_hidden,
                             batch_norm=model_config.g_batch_norm, prior=model_config.prior,
                             name="generator")
  discriminator = PointDiscriminator(model_config.d_hidden, name="discriminator")
  return generator, discriminator


for _name in PAPERS:
  registry.register(_name, dataset=_name, architecture="mlp (points)",
                    paper=PAPERS[_name])(build)

PACGAN = "Lin et al. 2018, PacGAN (arXiv:1712.04086): D judges m packed samples"
for _name in ("ring8", "grid25"):
  for _m in (2, 3, 4):
    registry.register(f"{_name}_pacgan{_m}", dataset=_name,
                      architecture=f"mlp (points), packed D (m = {_m})", paper=PACGAN)(build)
  registry.register(f"{_name}_unrolled5", dataset=_name, architecture="mlp (points), G vs "
                    "D unrolled 5 steps", paper="Metz et al. 2017, Unrolled GANs "
                    "(arXiv:1611.02163)")(build)
