"""CycleGAN (Zhu et al. 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks", arXiv:1703.10593): two ResNet generators (A -> B, B -> A) and two
PatchGAN discriminators, one per domain.

G (ResNet, Johnson et al. 2016): images [B, H, W, C] in [0, 1] -> c7s1-w, d2w, d4w (3x3
   stride-2 convs), `blocks` residual blocks of 4w, u2w, uw (3x3 stride-2 transposed
   convs), c7s1-C, tanh -> images [B, H, W, C] in [0, 1]; instance norm and ReLU after
   each conv but the last (the paper: w 64, 6 blocks at 128x128, 9 at 256x256).
D: pix2pix's PatchGAN (models/pix2pix.py) on one image, with instance norm.
The pair of generators is one Translator (`forward` A -> B is its call; `backward` B -> A),
the pair of discriminators one model, so the zoo's loop trains, averages and checkpoints
them like any G and D. Instance norm is per image: a step under tf.distribute equals the
step on one device.
"""
import keras
from keras import ops

from zoo.models import base, registry
from zoo.models.pix2pix import PatchDiscriminator

PAPER = "Zhu et al. 2017, CycleGAN (arXiv:1703.10593)"


def _instance_norm(name):
  return keras.layers.GroupNormalization(groups=-1, epsilon=1e-5, name=name)


@keras.saving.register_keras_serializable(package="zoo")
class ResNetTranslator(base.Translator):
  """images [B, H, W, C] -> images [B, H, W, C], both in [0, 1]; H, W divisible by 4."""

  def __init__(self, source_shape, image_shape, width=64, blocks=6, **kwargs):
    super().__init__(source_shape, image_shape, **kwargs)
    self.width, self.blocks = int(width), int(blocks)
    if self.image_shape[0] % 4 or self.image_shape[1] % 4:
      raise ValueError(f"The ResNet generator halves the image twice: {self.image_shape} "
                       "does not divide by 4.")
    # No bias before instance norm, which cancels it: its gradient would be rounding noise,
    # which Adam turns into steps of lr (and one device and replicas apart).
    conv = lambda w, k, name, strides=1, bias=False: keras.layers.Conv2D(
        w, k, strides=strides, padding="same", use_bias=bias, name=name)
    w = self.width
    self.stem = [(conv(w, 7, "c7s1"), _instance_norm("c7s1_norm")),
                 (conv(2 * w, 3, "d1", 2), _instance_norm("d1_norm")),
                 (conv(4 * w, 3, "d2", 2), _instance_norm("d2_norm"))]
    self.body = [(conv(4 * w, 3, f"r{i}_a"), _instance_norm(f"r{i}_a_norm"),
                  conv(4 * w, 3, f"r{i}_b"), _instance_norm(f"r{i}_b_norm"))
                 for i in range(self.blocks)]
    up = lambda width, name: keras.layers.Conv2DTranspose(width, 3, strides=2, padding="same",
                                                          use_bias=False, name=name)
    self.ups = [(up(2 * w, "u1"), _instance_norm("u1_norm")),
                (up(w, "u2"), _instance_norm("u2_norm"))]
    self.to_pixels = conv(self.image_shape[-1], 7, "pixels", bias=True)

  def call(self, x, labels=None, training=False):
    del labels
    h = x * 2.0 - 1.0
    for layer, norm in self.stem:
      h = ops.relu(norm(layer(h)))
    for conv_a, norm_a, conv_b, norm_b in self.body:
      h = h + norm_b(conv_b(ops.relu(norm_a(conv_a(h)))))
    for layer, norm in self.ups:
      h = ops.relu(norm(layer(h)))
    return ops.tanh(self.to_pixels(h)) * 0.5 + 0.5

  def get_config(self):
    return {**super().get_config(), "width": self.width, "blocks": self.blocks}


@keras.saving.register_keras_serializable(package="zoo")
class CycleTranslator(base.Translator):
  """The two generators: `forward` (A -> B, what `call` runs) and `backward` (B -> A)."""

  def __init__(self, source_shape, image_shape, width=64, blocks=6, **kwargs):
    super().__init__(source_shape, image_shape, **kwargs)
    self.width, self.blocks = int(width), int(blocks)
    self.forward = ResNetTranslator(source_shape, image_shape, width, blocks, name="a_to_b")
    self.backward = ResNetTranslator(image_shape, source_shape, width, blocks, name="b_to_a")

  def build(self, input_shape):
    for network, shape in ((self.forward, self.source_shape), (self.backward, self.image_shape)):
      network(ops.zeros((1, *shape)))
    self.built = True

  def call(self, x, labels=None, training=False):
    return self.forward(x, training=training)

  def get_config(self):
    return {**super().get_config(), "width": self.width, "blocks": self.blocks}


@keras.saving.register_keras_serializable(package="zoo")
class DiscriminatorPair(keras.Model):
  """D_A and D_B (PatchGANs); `call` scores images of B (a pair of calls for the loop)."""

  def __init__(self, width=64, strided=3, **kwargs):
    super().__init__(**kwargs)
    self.width, self.strided = int(width), int(strided)
    make = lambda name: PatchDiscriminator(width, strided, norm="instance", conditional=False,
                                           name=name)
    self.d_a, self.d_b = make("d_a"), make("d_b")

  def call(self, x, labels=None, training=False):
    """D_A(x) + D_B(x): builds both (the objective calls them one at a time)."""
    return self.d_a(x, training=training) + self.d_b(x, training=training)

  def get_config(self):
    return {**super().get_config(), "width": self.width, "strided": self.strided}


def build(model_config, image_shape):
  """(CycleTranslator, DiscriminatorPair); domain B has the shape of domain A."""
  generator = CycleTranslator(image_shape, image_shape, width=model_config.g_width,
                              blocks=model_config.blocks, name="generator")
  return generator, DiscriminatorPair(model_config.d_width, model_config.d_strided,
                                      name="discriminator")


registry.register("cyclegan_mnist_fashion", dataset="mnist", architecture="cyclegan (resnet, "
                  "patchgan)", paper=PAPER, kind="translation")(build)
