"""StyleGAN2, config F (Karras et al. 2020, "Analyzing and Improving the Image Quality of
StyleGAN", arXiv:1912.04958).

G: z [B, latent_dim] ~ N(0, I) (and labels) -> mapping network (z normalized, 8 equalized
   dense layers, lr multiplier 0.01; labels embedded and joined to z) -> w [B, w_dim] ->
   one w per layer (num_ws; style mixing and truncation act here) -> synthesis network: a
   learned 4x4 constant, per resolution two modulated 3x3 convolutions (the first doubles
   the size, FIR [1, 3, 3, 1]) with noise inputs, and a toRGB whose outputs are summed over
   resolutions (the skip generator) -> images in [0, 1] ([-1, 1] inside). Channels at
   resolution r: min(channel_base / r, channel_max).
D: residual (config F): fromRGB, per resolution two 3x3 convolutions and a FIR-downsampled
   shortcut scaled by 1/sqrt(2), then minibatch standard deviation, a 3x3 convolution and
   two dense layers -> 1 logit; conditional models add a projection of a label embedding.
Sizes not a power of two (28x28 Fashion-MNIST) run at the next one: G crops its centre,
D pads the images with black. Under mixed precision only the `fp16_resolutions` highest
resolutions of G and D compute in float16 (layer_dtype); the mapping network, D's head and
G's sums of biases and RGB outputs stay float32, as NVIDIA's.
"""
import math

import keras
import tensorflow as tf
from keras import ops

from zoo.models import base, registry
from zoo.models import stylegan2_layers as L

PAPER = "Karras et al. 2020, StyleGAN2 (arXiv:1912.04958)"


def resolution(size):
  """The power of two >= size (at least 8) the networks run at."""
  return max(8, 2 ** math.ceil(math.log2(size)))


def channels(res, channel_base, channel_max):
  return max(1, int(min(channel_base // res, channel_max)))


def layer_dtype(res, resolution, fp16_resolutions):
  """The dtype policy of the layers at resolution `res`: the global one (mixed_float16 when
  train.mixed_precision asks for it) for the `fp16_resolutions` highest resolutions, as
  NVIDIA's num_fp16_res, and float32 for the others, the mapping network and D's head."""
  lowest_fp16 = resolution // 2 ** (fp16_resolutions - 1) if fp16_resolutions else 2 * resolution
  return None if res >= lowest_fp16 else "float32"


@keras.saving.register_keras_serializable(package="zoo")
class MappingNetwork(keras.layers.Layer):
  """z (and labels) -> w, and the running mean w_avg that truncation pulls towards."""

  def __init__(self, latent_dim, w_dim=512, num_layers=8, lr_mul=0.01, num_classes=0,
               w_avg_beta=0.995, **kwargs):
    super().__init__(**kwargs)
    self.latent_dim, self.w_dim, self.num_layers = int(latent_dim), int(w_dim), int(num_layers)
    self.lr_mul, self.num_classes, self.w_avg_beta = float(lr_mul), int(num_classes), w_avg_beta
    same = dict(dtype=self.dtype_policy)  # sublayers take the global policy otherwise
    self.embed = (L.EqualizedDense(self.latent_dim, name="embed", **same) if self.num_classes
                  else None)
    self.dense = [L.EqualizedDense(self.w_dim, lr_mul=self.lr_mul, activation="lrelu",
                                   name=f"fc{i}", **same) for i in range(self.num_layers)]

  def build(self, input_shape):
    self.w_avg = self.add_weight(shape=(self.w_dim,), name="w_avg", initializer="zeros",
                                 trainable=False, aggregation="mean")

  @staticmethod
  def normalize(x):
    return x * ops.rsqrt(ops.mean(ops.square(x), axis=-1, keepdims=True) + 1e-8)

  def call(self, z, labels=None, training=False, update_w_avg=True):
    x = self.normalize(z)
    if self.embed is not None:
      y = self.embed(ops.one_hot(labels, self.num_classes))
      x = ops.concatenate([x, self.normalize(y)], axis=-1)
    for layer in self.dense:
      x = layer(x)
    if training and update_w_avg:  # w_avg <- lerp(mean w, w_avg, beta); "mean" over replicas
      self.w_avg.assign(ops.mean(x, axis=0) * (1 - self.w_avg_beta)
                        + self.w_avg * self.w_avg_beta)
    return x

  def get_config(self):
    return {**super().get_config(), "latent_dim": self.latent_dim, "w_dim": self.w_dim,
            "num_layers": self.num_layers, "lr_mul": self.lr_mul,
            "num_classes": self.num_classes, "w_avg_beta": self.w_avg_beta}


@keras.saving.register_keras_serializable(package="zoo")
class StyleGAN2Generator(base.Generator):
  """z [B, latent_dim] (labels [B]) -> images [B, H, W, C] in [0, 1]; `synthesize(ws)`
  draws from per-layer styles ws [B, num_ws, w_dim]."""

  def __init__(self, latent_dim, image_shape, w_dim=512, mapping_layers=8,
               channel_base=16384, channel_max=512, prior="normal", num_classes=0,
               fp16_resolutions=0, **kwargs):
    kwargs["dtype"] = "float32"  # G's own weights and sums; its top layers may be float16
    super().__init__(latent_dim, image_shape, prior, num_classes=num_classes, **kwargs)
    self.w_dim, self.mapping_layers = int(w_dim), int(mapping_layers)
    self.channel_base, self.channel_max = int(channel_base), int(channel_max)
    self.fp16_resolutions = int(fp16_resolutions)
    self.resolution = resolution(max(self.image_shape[:2]))
    self.mapping = MappingNetwork(self.latent_dim, self.w_dim, self.mapping_layers,
                                  num_classes=self.num_classes, dtype="float32",
                                  name="mapping")
    res = [2 ** i for i in range(2, int(math.log2(self.resolution)) + 1)]
    width = lambda r: channels(r, self.channel_base, self.channel_max)
    self.const = None
    self.convs, self.noises, self.to_rgb = [], [], []
    for r in res:
      dtype = layer_dtype(r, self.resolution, self.fp16_resolutions)
      for j in ((1,) if r == 4 else (0, 1)):
        self.convs.append(L.ModulatedConv2D(width(r), 3, self.w_dim, up=(j == 0), dtype=dtype,
                                            name=f"b{r}_conv{j}"))
        self.noises.append(L.NoiseInjection(dtype=dtype, name=f"b{r}_noise{j}"))
      self.to_rgb.append(L.ModulatedConv2D(self.image_shape[-1], 1, self.w_dim, dtype=dtype,
                                           demodulate=False, name=f"b{r}_torgb"))
    self.num_ws = 2 * len(res)
    self.fir = L.fir_kernel()

  def build(self, input_shape):
    self.const = self.add_weight(shape=(1, 4, 4, channels(4, self.channel_base,
                                                          self.channel_max)),
                                 name="const", initializer=keras.initializers.RandomNormal())
    self.biases = [self.add_weight(shape=(conv.filters,), name=f"{conv.name}_bias",
                                   initializer="zeros") for conv in self.convs]
    self.rgb_biases = [self.add_weight(shape=(self.image_shape[-1],), name=f"{rgb.name}_bias",
                                       initializer="zeros") for rgb in self.to_rgb]
    self.built = True
    # Build every sublayer now, so that keras.models.load_model finds their weights.
    labels = ops.zeros((1,), "int32") if self.num_classes else None
    self.call(ops.zeros((1, self.latent_dim)), labels=labels)

  def styles(self, z, labels=None, training=False, truncation=1.0, update_w_avg=True):
    """w per layer [B, num_ws, w_dim]; `truncation` psi: w_avg + psi (w - w_avg). While
    training, w_avg follows the batch's w unless `update_w_avg` is False (inside a tf.cond,
    where a cross-replica update cannot run)."""
    w = self.mapping(z, labels, training=training, update_w_avg=update_w_avg)
    if not (isinstance(truncation, float) and truncation == 1.0):  # w itself, not rounded
      w = self.mapping.w_avg + truncation * (w - self.mapping.w_avg)
    return ops.repeat(w[:, None, :], self.num_ws, axis=1)

  def synthesize(self, ws, noise=None, training=False):
    """Images from ws [B, num_ws, w_dim], in [0, 1] (clipped; unclipped while training, as
    NVIDIA's); `noise`: one [B, h, w, 1] per noise input (fresh while training), or None
    for the fixed noise kept in the weights."""
    x = tf.tile(self.const, [tf.shape(ws)[0], 1, 1, 1])
    image = None
    layer, i = 0, 0
    for k, rgb in enumerate(self.to_rgb):
      for _ in range(1 if k == 0 else 2):
        x = self.convs[i](x, ws[:, layer])
        x = self.noises[i](x, None if noise is None else noise[i])
        x = L.lrelu(ops.cast(x, "float32") + self.biases[i])
        i, layer = i + 1, layer + 1
      y = ops.cast(rgb(x, ws[:, layer]), "float32") + self.rgb_biases[k]
      image = y if image is None else L.upsample2d(image, self.fir) + y
    out = image * 0.5 + 0.5
    out = out if training else ops.clip(out, 0.0, 1.0)
    h, w = self.image_shape[:2]
    top, left = (self.resolution - h) // 2, (self.resolution - w) // 2
    return out[:, top:top + h, left:left + w, :]

  def noise_shapes(self):
    """(h, w) of each noise input, in order."""
    return [(4 * 2 ** k, 4 * 2 ** k) for k in range(len(self.to_rgb))
            for _ in range(1 if k == 0 else 2)]

  def call(self, z, labels=None, training=False, truncation=1.0):
    return self.synthesize(self.styles(z, labels, training, truncation), training=training)

  def get_config(self):
    return {**super().get_config(), "w_dim": self.w_dim, "mapping_layers": self.mapping_layers,
            "channel_base": self.channel_base, "channel_max": self.channel_max,
            "fp16_resolutions": self.fp16_resolutions}


@keras.saving.register_keras_serializable(package="zoo")
class StyleGAN2Discriminator(base.Discriminator):
  """images [B, H, W, C] in [0, 1] -> logits [B] (residual, config F)."""

  def __init__(self, image_size=32, channel_base=16384, channel_max=512, num_classes=0,
               mbstd_group=4, fp16_resolutions=0, **kwargs):
    kwargs["dtype"] = "float32"  # its top blocks may be float16 (layer_dtype)
    super().__init__(**kwargs)
    self.image_size, self.num_classes = int(image_size), int(num_classes)
    self.channel_base, self.channel_max = int(channel_base), int(channel_max)
    self.mbstd_group, self.fp16_resolutions = int(mbstd_group), int(fp16_resolutions)
    self.resolution = resolution(self.image_size)
    width = lambda r: channels(r, self.channel_base, self.channel_max)
    dtype = lambda r: layer_dtype(r, self.resolution, self.fp16_resolutions)
    res = [2 ** i for i in range(int(math.log2(self.resolution)), 2, -1)]
    self.from_rgb = L.EqualizedConv2D(width(self.resolution), 1, activation="lrelu",
                                      dtype=dtype(self.resolution), name="fromrgb")
    self.blocks = [(L.EqualizedConv2D(width(r), 3, activation="lrelu", dtype=dtype(r),
                                      name=f"b{r}_conv0"),
                    L.EqualizedConv2D(width(r // 2), 3, down=True, activation="lrelu",
                                      dtype=dtype(r), name=f"b{r}_conv1"),
                    L.EqualizedConv2D(width(r // 2), 1, down=True, use_bias=False,
                                      dtype=dtype(r), name=f"b{r}_skip")) for r in res]
    head = dict(dtype="float32")
    self.mbstd = L.MinibatchStdDev(self.mbstd_group, name="mbstd", **head)
    self.conv = L.EqualizedConv2D(width(4), 3, activation="lrelu", name="b4_conv", **head)
    self.fc = L.EqualizedDense(width(4), activation="lrelu", name="b4_fc", **head)
    self.out = L.EqualizedDense(1 if not self.num_classes else width(4), name="b4_out",
                                **head)
    self.embed = (L.EqualizedDense(width(4), name="embed", **head) if self.num_classes
                  else None)

  def hidden_features(self, x, labels=None, training=False):
    pad_h, pad_w = self.resolution - x.shape[1], self.resolution - x.shape[2]
    x = x * 2.0 - 1.0
    if pad_h or pad_w:  # black borders around a smaller image ([-1, 1] inside)
      x = tf.pad(x, [[0, 0], [pad_h // 2, pad_h - pad_h // 2],
                     [pad_w // 2, pad_w - pad_w // 2], [0, 0]], constant_values=-1.0)
    h = self.from_rgb(x)
    for conv0, conv1, skip in self.blocks:
      h = (skip(h) + conv1(conv0(h))) * (1 / L.SQRT2)
    h = self.conv(self.mbstd(h))
    return self.fc(ops.reshape(h, (-1, 16 * h.shape[-1])))

  def head(self, h, labels=None, training=False):
    out = self.out(h)
    if self.embed is None:
      return ops.squeeze(out, axis=-1)
    cmap = self.embed(ops.one_hot(labels, self.num_classes))  # projection (Miyato 2018)
    return ops.sum(out * cmap, axis=-1) / math.sqrt(cmap.shape[-1])

  def get_config(self):
    return {**super().get_config(), "image_size": self.image_size,
            "channel_base": self.channel_base, "channel_max": self.channel_max,
            "num_classes": self.num_classes, "mbstd_group": self.mbstd_group,
            "fp16_resolutions": self.fp16_resolutions}


def build(model_config, image_shape):
  """(generator, discriminator) from `config.model`."""
  classes = model_config.get("num_classes", 0)
  generator = StyleGAN2Generator(
      model_config.latent_dim, image_shape, w_dim=model_config.w_dim,
      mapping_layers=model_config.mapping_layers, channel_base=model_config.channel_base,
      channel_max=model_config.channel_max, prior=model_config.prior, num_classes=classes,
      fp16_resolutions=model_config.get("fp16_resolutions", 0), name="generator")
  discriminator = StyleGAN2Discriminator(
      image_shape[0], channel_base=model_config.channel_base,
      channel_max=model_config.channel_max, num_classes=classes,
      mbstd_group=model_config.mbstd_group,
      fp16_resolutions=model_config.get("fp16_resolutions", 0), name="discriminator")
  return generator, discriminator


for _name, _dataset in (("fashion_mnist_stylegan2", "fashion_mnist"),
                        ("cifar10_stylegan2", "cifar10"),
                        ("celeba64_stylegan2", "celeba64"),
                        ("folder_stylegan2_256", "folder256")):
  registry.register(_name, dataset=_dataset, architecture="stylegan2 (config F)",
                    paper=PAPER)(build)
