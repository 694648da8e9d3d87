"""SRGAN (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a
Generative Adversarial Network", arXiv:1609.04802): super-resolution by `scale` (a power
of 2).

G (SRResNet): images [B, H/s, W/s, C] in [0, 1] -> 9x9 conv, PReLU -> `blocks` residual
   blocks (3x3 conv, batch norm, PReLU, 3x3 conv, batch norm, + input) -> 3x3 conv, batch
   norm, + the first features -> log2(s) sub-pixel stages (3x3 conv to 4x the channels,
   depth-to-space by 2, PReLU) -> 9x9 conv, tanh -> images [B, H, W, C] in [0, 1].
D: 3x3 convs of width w, w, 2w, 2w, 4w, 4w, 8w, 8w with strides 1, 2, 1, 2, ...,
   LeakyReLU(0.2), batch norm after the first -> dense 16w (the paper's 1024 for w = 64),
   LeakyReLU -> 1 logit.
The paper: 16 blocks of 64 channels, scale 4, D width 64, content loss on VGG features
plus 1e-3 x the adversarial loss. Batch norm is synchronized across replicas
(models/layers.py), so a step under tf.distribute equals the step on one device.
"""
import keras
from keras import ops

from zoo.models import base, registry
from zoo.models.layers import BatchNormalization

PAPER = "Ledig et al. 2017, SRGAN (arXiv:1609.04802)"


def _conv(width, size, name, strides=1, use_bias=True):
  return keras.layers.Conv2D(width, size, strides=strides, padding="same", use_bias=use_bias,
                             name=name)


def _prelu(name):
  return keras.layers.PReLU(shared_axes=[1, 2], name=name)


@keras.saving.register_keras_serializable(package="zoo")
class SRResNetGenerator(base.Translator):
  """images [B, H/scale, W/scale, C] -> images [B, H, W, C], both in [0, 1]."""

  def __init__(self, source_shape, image_shape, width=64, blocks=16, **kwargs):
    super().__init__(source_shape, image_shape, **kwargs)
    self.width, self.blocks = int(width), int(blocks)
    scale = self.image_shape[0] // self.source_shape[0]
    self.stages = scale.bit_length() - 1
    if scale < 2 or 2 ** self.stages != scale or (
        self.image_shape[1] != self.source_shape[1] * scale):
      raise ValueError(f"SRResNet upscales by a power of 2 >= 2: source {self.source_shape} "
                       f"-> image {self.image_shape} is not one.")
    self.head = _conv(self.width, 9, "head")
    self.head_act = _prelu("head_prelu")
    self.body = [[_conv(self.width, 3, f"block_{i}_conv_a", use_bias=False),
                  BatchNormalization(name=f"block_{i}_bn_a"), _prelu(f"block_{i}_prelu"),
                  _conv(self.width, 3, f"block_{i}_conv_b", use_bias=False),
                  BatchNormalization(name=f"block_{i}_bn_b")] for i in range(self.blocks)]
    self.trunk = _conv(self.width, 3, "trunk", use_bias=False)
    self.trunk_bn = BatchNormalization(name="trunk_bn")
    self.ups = [(_conv(self.width * 4, 3, f"up_{i}"), _prelu(f"up_{i}_prelu"))
                for i in range(self.stages)]
    self.to_pixels = _conv(self.image_shape[-1], 9, "pixels")

  def call(self, x, labels=None, training=False):
    del labels
    features = self.head_act(self.head(x * 2.0 - 1.0))
    h = features
    for conv_a, bn_a, act, conv_b, bn_b in self.body:
      r = act(bn_a(conv_a(h), training=training))
      h = h + bn_b(conv_b(r), training=training)
    h = features + self.trunk_bn(self.trunk(h), training=training)
    for conv, act in self.ups:
      h = act(ops.depth_to_space(conv(h), 2))
    return ops.tanh(self.to_pixels(h)) * 0.5 + 0.5

  def get_config(self):
    return {**super().get_config(), "width": self.width, "blocks": self.blocks}


@keras.saving.register_keras_serializable(package="zoo")
class SRGANDiscriminator(base.Discriminator):
  """images [B, H, W, C] in [0, 1] -> logits [B]."""

  def __init__(self, width=64, **kwargs):
    super().__init__(**kwargs)
    self.width = int(width)
    widths = [self.width * 2 ** (i // 2) for i in range(8)]
    self.convs = [_conv(w, 3, f"conv_{i}", strides=1 + i % 2, use_bias=i == 0)
                  for i, w in enumerate(widths)]
    self.norms = [keras.layers.Identity(name="norm_0")] + [
        BatchNormalization(name=f"norm_{i}") for i in range(1, 8)]
    self.flatten = keras.layers.Flatten()
    self.dense = keras.layers.Dense(self.width * 16, name="dense")
    self.logit = keras.layers.Dense(1, name="logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x * 2.0 - 1.0
    for conv, norm in zip(self.convs, self.norms):
      h = ops.leaky_relu(norm(conv(h), training=training), negative_slope=0.2)
    return ops.leaky_relu(self.dense(self.flatten(h)), negative_slope=0.2)

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    return {**super().get_config(), "width": self.width}


def build(model_config, image_shape):
  """(SRResNet G, SRGAN D) for targets of `image_shape`, inputs model_config.scale smaller."""
  scale = int(model_config.scale)
  source = (image_shape[0] // scale, image_shape[1] // scale, image_shape[2])
  generator = SRResNetGenerator(source, image_shape, width=model_config.g_width,
                                blocks=model_config.blocks, name="generator")
  return generator, SRGANDiscriminator(width=model_config.d_width, name="discriminator")


for _name, _dataset in (("mnist_srgan_x4", "mnist"), ("fashion_mnist_srgan_x4", "fashion_mnist")):
  registry.register(_name, dataset=_dataset, architecture="srgan (srresnet)", paper=PAPER,
                    kind="translation")(build)
