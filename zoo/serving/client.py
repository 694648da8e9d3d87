"""A client over an export's signatures: what `zoo.load(path)` returns.

It runs the SavedModel's signatures only (no zoo model code), so it works on any export,
and returns numpy arrays. The signatures check every input in the graph (shapes, finite
latents, the image cap); `sample`, `generate` and `mix` turn a refusal into an
InvalidInputError carrying the check's message, the queries pass them on unchanged.
"""
import json
import pathlib
import re

import numpy as np
import tensorflow as tf

from zoo import errors, priors

METADATA = "assets.extra/zoo.json"


def read_metadata(export_dir) -> dict:
  """assets.extra/zoo.json of an export ({} when absent)."""
  path = pathlib.Path(export_dir) / METADATA
  return json.loads(path.read_text()) if path.exists() else {}


def output(outputs):
  """The generated batch of a signature's outputs: `images`, or `samples` for points."""
  return outputs["images"] if "images" in outputs else outputs["samples"]


def _refusal(message):
  """The graph check's own words in an InvalidArgument message (it starts with 'Graph
  execution error:' and a stack)."""
  found = re.search(r"assertion failed: \[([^\]]*)\]", message)
  if found:
    return found.group(1)
  lines = [line.strip() for line in message.splitlines() if line.strip()]
  return next((line for line in lines if "must" in line or "Shape" in line), lines[-1])


def _pixels(images):
  """Images as float32 in [0, 1]: uint8 ones are scaled from [0, 255]."""
  images = np.asarray(images)
  return tf.constant(images / 255.0 if images.dtype == np.uint8 else images, tf.float32)


def defaults(signature):
  """Inputs a caller may leave out, at their neutral values: StyleGAN2's `truncation` (psi
  1). {} for other signatures."""
  if "truncation" in signature.structured_input_signature[1]:
    return {"truncation": tf.constant(1.0)}
  return {}


def labels_per_class(num_classes, per_class):
  """Class ids 0, 0, ..., 1, 1, ...: `per_class` of each (grids with one row per class)."""
  return np.repeat(np.arange(num_classes, dtype=np.int32), max(1, per_class))


class ExportClient:
  """An exported generator: `.sample()`, `.generate()`, `.interpolate()`, `.project()`,
  `.inpaint()`, `.metadata`; an image-to-image export: `.translate()`.

  Example:
    >>> g = zoo.load("runs/mnist_mlp/export/mnist_mlp/1")
    >>> g.sample(16, seed=0).shape
    (16, 28, 28, 1)
  """

  def __init__(self, path):
    self.path = str(path)
    if not tf.saved_model.contains_saved_model(self.path):
      raise errors.NotFoundError(f"No SavedModel at {self.path!r}: pass a version directory "
                                 "such as runs/mnist_mlp/export/mnist_mlp/1.")
    self._loaded = tf.saved_model.load(self.path)
    self.signatures = self._loaded.signatures
    self.metadata = read_metadata(self.path)

  @property
  def conditional(self) -> bool:
    return "labels" in self.signatures["serving_default"].structured_input_signature[1]

  @property
  def translator(self) -> bool:
    """An image-to-image export (zoo/serving/translate.py): `.translate()`, no latents."""
    return "translate" in self.signatures

  def translate(self, images, direction=None):
    """G(images) of an image-to-image export: images [N, h, w, c] in [0, 1] (uint8 are
    scaled) -> images [N, H, W, C] in [0, 1]. CycleGAN: `direction` "a_to_b" (the default)
    or "b_to_a".

    Example:
      >>> sr = zoo.load("runs/mnist_srgan_x4/export/mnist_srgan_x4/1")
      >>> sr.translate(np.zeros((2, 7, 7, 1))).shape
      (2, 28, 28, 1)
    """
    if not self.translator:
      raise errors.InvalidInputError(f"{self.path} generates from latents; it has no "
                                     "`translate` (use .sample() or .generate()).")
    name = f"translate_{direction}" if direction else "translate"
    if name not in self.signatures:
      raise errors.InvalidInputError(f"{self.path} has no `{name}` signature (directions are "
                                     "for CycleGAN exports).")
    return self._call(name, images=_pixels(images))

  def classify(self, images):
    """Class probabilities [N, K] of a semi-supervised GAN's D (mnist_ssgan) for images
    [N, H, W, C] in [0, 1] (uint8 are scaled).

    Example:
      >>> ssl = zoo.load("runs/mnist_ssgan/export/mnist_ssgan/1")
      >>> ssl.classify(digits).argmax(-1)[:4]
      array([7, 2, 1, 0])
    """
    if "classify" not in self.signatures:
      raise errors.InvalidInputError(f"{self.path} has no `classify` signature: only "
                                     "semi-supervised GANs (mnist_ssgan) export one.")
    return self._run("classify", images=_pixels(images))["probabilities"].numpy()

  @property
  def latent_dim(self) -> int:
    if self.translator:
      raise errors.InvalidInputError(f"{self.path} is an image-to-image model: it has no "
                                     "latent; use .translate().")
    return int(self.signatures["serving_default"].structured_input_signature[1]["z"].shape[-1])

  def _labels(self, labels, count):
    if labels is None:
      if self.conditional:
        raise errors.InvalidInputError(f"{self.path} is a conditional model: pass `labels`, "
                                       "one class id per image.")
      return {}
    if not self.conditional:
      raise errors.InvalidInputError(f"{self.path} is not a conditional model; drop `labels`.")
    labels = np.asarray(labels, np.int32).reshape(-1)
    return {"labels": tf.constant(np.resize(labels, count) if len(labels) else labels)}

  def _run(self, name, **inputs):
    """Signature `name`'s outputs on `inputs`; an input the graph refuses is an
    InvalidInputError with the graph's message (the cap, the range) as its one line."""
    try:
      return self.signatures[name](**inputs)
    except tf.errors.InvalidArgumentError as e:
      raise errors.InvalidInputError(f"{name} refused the request: {_refusal(e.message)}"
                                     ) from None

  def _call(self, name, **inputs):
    """The generated batch of signature `name` on `inputs`, as numpy."""
    return output(self._run(name, **inputs)).numpy()

  def _truncation(self, truncation):
    """{"truncation": psi} for StyleGAN2 exports (psi 1 when None), else {}."""
    if self.metadata.get("truncation") != "psi":
      return {}
    return {"truncation": tf.constant(1.0 if truncation is None else truncation, tf.float32)}

  def sample(self, num, seed=0, labels=None, truncation=None):
    """`num` images from the model's prior (conditional: one per label, num = len(labels)).
    `truncation`: StyleGAN2's psi, or for other Gaussian latents the threshold on |z_i|
    (zoo.json `truncation` says which); None samples without truncation."""
    if labels is not None:
      num = len(labels)
    inputs = dict(num=tf.constant(num, tf.int32), seed=tf.constant(seed, tf.int64),
                  **self._labels(labels, num), **self._truncation(truncation))
    name = "sample"
    if truncation is not None and self.metadata.get("truncation") != "psi":
      if "sample_truncated" not in self.signatures:
        raise errors.InvalidInputError(f"{self.path} has no truncation (uniform latents, or "
                                       "exported before it existed).")
      name, inputs["truncation"] = "sample_truncated", tf.constant(truncation, tf.float32)
    return self._call(name, **inputs)

  def generate(self, z, labels=None, truncation=None):
    """G(z) for latents `z` [N, latent_dim] (StyleGAN2: `truncation` psi, default 1)."""
    z = np.asarray(z, np.float32)
    return self._call("serving_default", z=tf.constant(z), **self._labels(labels, len(z)),
                      **self._truncation(truncation))

  def mix(self, z_coarse, z_fine, crossover, truncation=1.0, labels=None):
    """StyleGAN2: images with z_coarse's styles before layer `crossover`, z_fine's after."""
    if "mix" not in self.signatures:
      raise errors.InvalidInputError(f"{self.path} is not a StyleGAN2 export: no `mix`.")
    z_coarse = np.asarray(z_coarse, np.float32)
    return self._call("mix", z_coarse=tf.constant(z_coarse),
                      z_fine=tf.constant(np.asarray(z_fine, np.float32)),
                      crossover=tf.constant(crossover, tf.int32),
                      **self._labels(labels, len(z_coarse)), **self._truncation(truncation))

  def latents(self, num, seed=0):
    """`num` latents from the prior recorded in the export (normal or uniform in [-1, 1])."""
    return priors.sample_numpy(self.metadata.get("prior", "normal"), (num, self.latent_dim),
                               seed)

  def interpolate(self, z_start, z_end, num_steps, labels=None):
    """Images [N, num_steps, ...] along the path from each z_start to its z_end."""
    z_start, z_end = np.asarray(z_start, np.float32), np.asarray(z_end, np.float32)
    return output(self.signatures["interpolate"](
        z_start=tf.constant(z_start), z_end=tf.constant(z_end),
        num_steps=tf.constant(num_steps, tf.int32),
        **self._labels(labels, len(z_start)))).numpy()

  def _query(self, name, images, labels, **inputs):
    if name not in self.signatures:
      raise errors.InvalidInputError(f"{self.path} has no `{name}` signature: it is a model of "
                                     "points, or was exported before zoo had queries; export "
                                     "it again with zoo-export.")
    images = np.asarray(images, np.float32)
    out = self.signatures[name](images=tf.constant(images), **inputs,
                                **self._labels(labels, len(images)))
    return {k: v.numpy() for k, v in out.items()}

  def project(self, images, num_steps=500, seed=0, labels=None):
    """The latents whose G(z) is closest to `images` [N, H, W, C] in [0, 1]:
    {z, images (G(z)), images_uint8, loss}.

    Example:
      >>> out = g.project(digits, num_steps=300)
      >>> out["z"].shape, out["loss"].shape
      ((16, 100), (16,))
    """
    return self._query("project", images, labels, num_steps=tf.constant(num_steps, tf.int32),
                       seed=tf.constant(seed, tf.int64))

  def inpaint(self, images, mask, num_steps=500, seed=0, labels=None):
    """`images` with the pixels where `mask` [N, H, W, 1] is 0 filled in from G(z*):
    {images (known pixels unchanged), images_uint8, generated (G(z*)), z, loss}."""
    return self._query("inpaint", images, labels, mask=tf.constant(np.asarray(mask, np.float32)),
                       num_steps=tf.constant(num_steps, tf.int32),
                       seed=tf.constant(seed, tf.int64))
