"""Exports a generator as a SavedModel in TF Serving's layout, atomically.

`BASE/<model>/<version>/` holds a SavedModel that plain TensorFlow loads (nothing in it
imports zoo) with the signatures of zoo/signatures.py (README "Exported SavedModels"),
and `assets.extra/tf_serving_warmup_requests` for TF Serving. It is written to a hidden
temporary directory, loaded back and run once, then renamed into place, so a server
watching BASE never sees a partial version.
"""
import json
import pathlib
import shutil

import numpy as np
import tensorflow as tf
from absl import logging

from zoo import atomic, errors
from zoo.serving import archive, client, portable, queries, translate, warmup
from zoo.serving.classify import ClassifySignature
from zoo.serving.query_signatures import QuerySignatures
from zoo.serving.signatures import GeneratorSignatures
from zoo.serving.truncation import TruncationSignatures

METADATA = client.METADATA
DEFAULT_MAX_NUM = 1024
DEFAULT_MAX_STEPS = 1000
DEFAULT_MAX_WORK = 1 << 18  # e.g. 64 images x 1,000 steps x 4 restarts


def _versions(model_dir):
  return [int(p.name) for p in pathlib.Path(model_dir).glob("*") if p.name.isdigit()]


def next_version(model_dir) -> int:
  return max(_versions(model_dir), default=0) + 1


def latest_version_dir(model_dir):
  versions = _versions(model_dir)
  return pathlib.Path(model_dir) / str(max(versions)) if versions else None


read_metadata = client.read_metadata


def _verify(path, latent_dim, image_shape, num_classes):
  loaded = tf.saved_model.load(str(path))
  serve = loaded.signatures["serving_default"]
  inputs = {"z": tf.zeros([2, latent_dim])}
  if num_classes:
    inputs["labels"] = tf.zeros([2], tf.int32)
  outputs = serve(**inputs, **client.defaults(serve))
  images = client.output(outputs)
  if tuple(images.shape) != (2, *image_shape) or not np.all(np.isfinite(images.numpy())):
    raise RuntimeError(f"Export check failed: serving_default gave shape {images.shape}, "
                       f"expected {(2, *image_shape)} with finite values.")


def export_generator(generator, model_dir, metadata=None, version=None,
                     max_num=DEFAULT_MAX_NUM, discriminator=None, encoder=None,
                     max_steps=DEFAULT_MAX_STEPS, max_work=DEFAULT_MAX_WORK,
                     formats=("saved_model",), tflite_quantize="none", classifier=None,
                     **search_options) -> pathlib.Path:
  """Writes `model_dir/<version>/` (next integer by default) and returns its path.

  Translators (image-to-image G, with a `source_shape`) get `translate` instead
  (zoo/serving/translate.py). Image generators also get `project` and `inpaint`
  (zoo/serving/queries.py): `encoder`
  (a VAE's) starts the search at its mean, `discriminator` (doubles the export's size)
  gives inpainting D's prior loss; `search_options` are LatentSearch's. `formats` adds
  TFLite, ONNX and TF.js copies of `serving_default` (zoo/serving/portable.py); when one
  cannot be written the version is still written, then PortableFormatError names what is
  missing. A `classifier` (a semi-supervised D) adds `classify` (zoo/serving/classify.py)."""
  model_dir = pathlib.Path(model_dir)
  model_dir.mkdir(parents=True, exist_ok=True)
  for stale in model_dir.glob(".tmp-*"):  # left by a killed export; never a loadable version
    shutil.rmtree(stale, ignore_errors=True)
  version = int(version) if version is not None else next_version(model_dir)
  final = model_dir / str(version)
  if final.exists():
    raise errors.ExistsError(f"Export version {final} already exists; pick another --version.")
  try:
    with atomic.directory(final) as tmp:
      if hasattr(generator, "source_shape"):
        if tuple(formats) != ("saved_model",):
          raise errors.InvalidInputError("Image-to-image exports are SavedModels only for now; "
                                         "drop --formats.")
        translate.write(tmp, generator, model_dir.name, metadata, max_num)
        return final
      failures = _write(tmp, generator, model_dir.name, metadata, max_num,
                        dict(search_options, discriminator=discriminator, encoder=encoder),
                        max_steps, max_work, (formats, tflite_quantize), classifier)
  except Exception as e:
    if errors.is_no_space(e):
      raise errors.NoSpaceError(
          f"No space left on device at {model_dir} while exporting version {version}; "
          "nothing partial was left there. Free space, then export again (zoo.export "
          "--workdir=W exports the run's newest checkpoint).") from None
    raise
  if failures:
    raise PortableFormatError(final, failures)
  return final


class PortableFormatError(errors.UserError):
  """The version was written, but not every format asked for: one line per format."""

  def __init__(self, path, failures):
    self.path, self.failures = path, failures
    super().__init__(f"exported {path}, but without " + "; ".join(
        f"{name}: {reason}" for name, reason in failures.items()))


def _write(tmp, generator, model_name, metadata, max_num, search_options, max_steps,
           max_work, portable_options, classifier=None):
  """The SavedModel, its copies in other formats, metadata and warmup requests into `tmp`,
  checked by a load; returns {format: why it was not written}."""
  base = GeneratorSignatures(generator, max_num)
  endpoints, query = base.endpoints(), None
  truncation = TruncationSignatures(base)
  endpoints.update(truncation.endpoints())
  if len(generator.image_shape) == 3:  # models of points have no pixels to search for
    query = QuerySignatures(base, queries.LatentSearch(generator, **search_options),
                            max_steps, max_work)
    endpoints.update(query.endpoints())
  helpers = (search_options["discriminator"], search_options["encoder"]) if query else ()
  classify = None
  if classifier is not None:
    classify = ClassifySignature(classifier, generator.image_shape, max_num)
    endpoints.update(classify.endpoints())
    helpers += () if classifier in helpers else (classifier,)
  archive.write(tmp, (generator, *(h for h in helpers if h is not None)), endpoints)
  formats, failures = portable.write(base, tmp, *portable_options)
  meta = dict(metadata or {}, latent_dim=generator.latent_dim, prior=generator.prior,
              image_shape=list(generator.image_shape), value_range=[0.0, 1.0],
              max_num=int(max_num), num_classes=generator.num_classes, formats=formats)
  if truncation.kind is not None:
    meta["truncation"] = truncation.kind
  if truncation.kind == "psi":
    meta["num_ws"] = int(generator.num_ws)
  if query is not None:
    meta["queries"] = query.options()
  if classify is not None:
    meta["classify_classes"] = int(classifier.num_classes)
  (tmp / METADATA).parent.mkdir(exist_ok=True)
  (tmp / METADATA).write_text(json.dumps(meta, indent=2))
  if not warmup.write(tmp, model_name, generator.latent_dim, generator.num_classes,
                      generator.image_shape if query is not None else None, truncation.kind,
                      extra=classify.warmup_requests() if classify else ()):
    logging.warning("No TF Serving warmup file: tensorflow-serving-api is not installed "
                    "(tools/setup.sh installs it).")
  _verify(tmp, generator.latent_dim, generator.image_shape, generator.num_classes)
  return failures
