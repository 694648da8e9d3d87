"""Small fully connected G and D for the low-dimensional toy distributions
(zoo/data/toy.py): the 1-D Gaussian of Goodfellow et al. 2014 (Figure 1) and the 2-D
mixtures used to measure mode collapse (Metz et al. 2017, Unrolled GANs, arXiv:1611.02163:
ring of 8; Srivastava et al. 2017, VEEGAN, arXiv:1705.07761 and Lin et al. 2018, PacGAN,
arXiv:1712.04086: grid of 25).

G: z [batch, latent_dim] -> ReLU layers (optional batch norm) -> points [batch, dim],
   unbounded (a linear output, unlike the image generators' [0, 1]).
D: points [batch, dim] -> LeakyReLU(0.2) layers, or maxout layers (PacGAN's D) -> logits
   [batch].
`init_std` > 0 draws every weight from N(0, init_std^2) (PacGAN's 0.02) instead of Keras's
Glorot default.
"""
import keras
from keras import ops

from zoo.models import registry
from zoo.models import base
from zoo.models.layers import Maxout

PAPERS = {
    "gaussian_1d": "Goodfellow et al. 2014, Generative Adversarial Nets, Figure 1 (arXiv:1406.2661)",
    "ring8": "Metz et al. 2017, Unrolled GANs, 2-D mixture of 8 (arXiv:1611.02163)",
    "grid25": "Lin et al. 2018, PacGAN, 2-D grid of 25 (arXiv:1712.04086)",
    "ring8_r1": "Lin et al. 2018, PacGAN, 2-D ring of 8 (arXiv:1712.04086)",
}


def _init(std):
  return keras.initializers.RandomNormal(0.0, std) if std > 0 else "glorot_uniform"


def _stack(units, batch_norm, prefix, leak=0.0, init_std=0.0, pieces=0):
  """Dense (or maxout) layers of `units`; `batch_norm`: falsy, or a function name -> norm."""
  layers = []
  for i, u in enumerate(units):
    if pieces > 1:
      layers.append(Maxout(u, pieces, kernel_initializer=_init(init_std), name=f"{prefix}_{i}"))
      continue
    layers.append(keras.layers.Dense(u, use_bias=not batch_norm, kernel_initializer=_init(
        init_std), name=f"{prefix}_{i}"))
    if batch_norm:
      layers.append(batch_norm(f"{prefix}_bn_{i}"))
    layers.append(keras.layers.LeakyReLU(leak) if leak else keras.layers.ReLU())
  return layers


@keras.saving.register_keras_serializable(package="zoo")
class PointGenerator(base.Generator):
  """z [batch, latent_dim] -> points [batch, dim]."""

  supports_virtual_batch_norm = True

  def __init__(self, latent_dim, image_shape, hidden_units=(128, 128), batch_norm=False,
               prior="normal", init_std=0.0, bn_momentum=0.99, bn_epsilon=1e-3,
               **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.batch_norm = bool(batch_norm)
    self.init_std = float(init_std)
    self.bn_momentum = float(bn_momentum)
    self.bn_epsilon = float(bn_epsilon)
    if self.virtual_batch_norm and not self.batch_norm:
      raise ValueError("virtual batch norm replaces G's batch norm, and this G has none: "
                       "set model.g_batch_norm=True or gan.virtual_batch_norm=0.")
    norm = self.batch_norm and (
        lambda name: self.norm_layer(name, self.bn_momentum, self.bn_epsilon))
    self.hidden = _stack(self.hidden_units, norm, "hidden", init_std=self.init_std)
    self.out = keras.layers.Dense(self.image_shape[-1], kernel_initializer=_init(self.init_std),
                                  name="points")

  def call(self, z, labels=None, training=False):
    h = self.with_reference(z)
    for layer in self.hidden:  # Keras passes `training` on only to layers that take it
      h = layer(h, training=training)
    return self.without_reference(self.out(h))

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), batch_norm=self.batch_norm,
                  init_std=self.init_std, bn_momentum=self.bn_momentum,
                  bn_epsilon=self.bn_epsilon)
    return config


@keras.saving.register_keras_serializable(package="zoo")
class PointDiscriminator(base.Discriminator):
  """points [batch, dim] -> logits [batch]."""

  def __init__(self, hidden_units=(128, 128), maxout_pieces=0, init_std=0.0, **kwargs):
    super().__init__(**kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.maxout_pieces = int(maxout_pieces)
    self.init_std = float(init_std)
    # Leaky: with plain ReLUs, D's units on these narrow inputs die and D goes constant.
    self.hidden = _stack(self.hidden_units, None, "hidden", leak=0.2, init_std=self.init_std,
                         pieces=self.maxout_pieces)
    self.logit = keras.layers.Dense(1, kernel_initializer=_init(self.init_std), name="logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x
    for layer in self.hidden:
      h = layer(h)
    return h

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), maxout_pieces=self.maxout_pieces,
                  init_std=self.init_std)
    return config


def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  init_std = model_config.get("init_std", 0.0)  # absent from runs that predate the field
  generator = PointGenerator(model_config.latent_dim, image_shape,
                             hidden_units=model_config.g_hidden,
                             batch_norm=model_config.g_batch_norm, prior=model_config.prior,
                             init_std=init_std, bn_momentum=model_config.get("g_bn_momentum", 0.99),
                             bn_epsilon=model_config.get("g_bn_epsilon", 1e-3),
                             name="generator")
  discriminator = PointDiscriminator(model_config.d_hidden,
                                     maxout_pieces=model_config.get("d_maxout_pieces", 0),
                                     init_std=init_std, name="discriminator")
  return generator, discriminator


# PacGAN's protocol (configs/grid25.py): its D is maxout.
_ARCHITECTURE = {name: "mlp (points, maxout D)" if name in ("grid25", "ring8_r1")
                 else "mlp (points)" for name in PAPERS}
for _name in PAPERS:
  registry.register(_name, dataset=_name, architecture=_ARCHITECTURE[_name],
                    paper=PAPERS[_name])(build)

PACGAN = "Lin et al. 2018, PacGAN (arXiv:1712.04086): D judges m packed samples"
for _name in ("ring8", "grid25", "ring8_r1"):
  for _m in (2, 3, 4):
    registry.register(f"{_name}_pacgan{_m}", dataset=_name,
                      architecture=f"{_ARCHITECTURE[_name]}, packed D (m = {_m})",
                      paper=PACGAN)(build)
for _name in ("ring8", "grid25"):
  registry.register(f"{_name}_unrolled5", dataset=_name, architecture=f"{_ARCHITECTURE[_name]}"
                    ", G vs D unrolled 5 steps", paper="Metz et al. 2017, Unrolled GANs "
                    "(arXiv:1611.02163)")(build)
for _name in ("ring8", "grid25", "ring8_r1"):
  registry.register(f"{_name}_minibatch", dataset=_name, architecture=f"{_ARCHITECTURE[_name]}"
                    ", minibatch discrimination",
                    paper="Salimans et al. 2016, Improved Techniques for Training GANs "
                    "(arXiv:1606.03498), section 3.2")(build)
