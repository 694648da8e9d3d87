"""TFLite, ONNX and TensorFlow.js copies of an export's `serving_default` (z -> images).

Each is converted from a plain SavedModel of the same function without the in-graph input
checks (the TF.js runtime cannot run EnsureShape; a phone or a browser page runs the model
in its own process, so its caller bounds the work), written into the version directory
before it is renamed into place, then run on fixed latents beside the SavedModel: the
largest difference is recorded in zoo.json `formats` and a copy that differs by more than
its tolerance is not kept. A format that cannot be written (converter missing, an op it
cannot convert) is reported in one line; the SavedModel is written regardless.
"""
import re
import shutil
import tempfile
import warnings

import numpy as np
import tensorflow as tf

from zoo.serving import archive, converters, tfjs_runtime

FORMATS = ("saved_model", "tflite", "onnx", "tfjs")
FILES = {"tflite": "model.tflite", "onnx": "model.onnx", "tfjs": "tfjs/model.json"}
QUANTIZE = ("none", "float16")
TOLERANCE = {"none": 1e-4, "float16": 1e-2}
PARITY_ROWS = 8


class FormatError(Exception):
  """One format not written; the message is one line naming why and the fix."""


def plain_saved_model(signatures, path):
  """`serving_default` of GeneratorSignatures `signatures`, without input checks, to `path`."""
  spec = [tf.TensorSpec([None, signatures.generator.latent_dim], tf.float32, name="z")]
  fn = signatures.images
  if signatures.generator.num_classes:
    spec.append(tf.TensorSpec([None], tf.int32, name="labels"))
    fn = lambda z, labels: signatures.images(z, labels)  # noqa: E731 (named inputs)
  archive.write(path, [signatures.generator], {"serving_default": (fn, spec)})


def parity_inputs(latent_dim, num_classes, rows=PARITY_ROWS, seed=0):
  """The fixed latents (and labels) every copy is checked on."""
  rng = np.random.default_rng(seed)
  inputs = {"z": rng.standard_normal((rows, latent_dim)).astype(np.float32)}
  if num_classes:
    inputs["labels"] = (np.arange(rows) % num_classes).astype(np.int32)
  return inputs


def write(signatures, version_dir, formats, quantize="none"):
  """Converts into `version_dir` each of `formats` other than saved_model; returns
  ({format: zoo.json entry}, {format: one-line reason it was not written})."""
  entries = {"saved_model": {"path": ".", "converter": f"tensorflow {tf.__version__}"}}
  failures = {}
  wanted = [f for f in formats if f != "saved_model"]
  for name in wanted:
    if name not in FORMATS:
      failures[name] = f"unknown format (known: {', '.join(FORMATS)})"
  wanted = [f for f in wanted if f in FORMATS]
  if not wanted:
    return entries, failures
  generator = signatures.generator
  inputs = parity_inputs(generator.latent_dim, generator.num_classes)
  outputs = signatures.images(**{k: tf.constant(v) for k, v in inputs.items()})
  key, expected = next(iter(outputs.items()))  # "images" ("samples": a model of points)
  with tempfile.TemporaryDirectory(prefix="zoo-portable-") as source:
    plain_saved_model(signatures, source)
    for name in wanted:
      try:
        entry = _convert(name, source, version_dir, quantize)
        entry.update(check(name, version_dir, inputs, expected.numpy(),
                           quantize if name == "tflite" else "none", generator.num_classes,
                           key))
        entries[name] = entry
      except FormatError as e:
        _remove(version_dir, name)
        failures[name] = str(e)
  return entries, failures


def _convert(name, source, version_dir, quantize):
  out = version_dir / FILES[name]
  if name == "tflite":
    entry = converters.tflite(source, out, quantize)
  elif name == "onnx":
    entry = converters.onnx(source, out)
  else:
    entry = converters.tfjs(source, out.parent)
  return dict(entry, path=FILES[name])


def check(name, version_dir, inputs, expected, quantize="none", num_classes=0, key="images"):
  """Runs the copy on `inputs`: its max |difference| from `expected` (output `key`), or
  FormatError when it exceeds the format's tolerance."""
  outputs = run(name, version_dir, inputs, num_classes)
  diff = float(np.max(np.abs(outputs.get(key, outputs.get("images")) - expected)))
  tolerance = TOLERANCE[quantize]
  if not diff <= tolerance:
    raise FormatError(f"its images differ from the SavedModel's by {diff:.3g} "
                      f"(tolerance {tolerance:g}) on {len(expected)} fixed latents")
  return {"max_abs_diff": diff, "checked_on": f"{len(expected)} latents, seed 0"}


def run(name, version_dir, inputs, num_classes=0):
  """{"images": ...} of the copy `name` in `version_dir` on numpy `inputs` (z, labels)."""
  path = version_dir / FILES[name]
  if name == "tflite":
    with warnings.catch_warnings():  # tf.lite.Interpreter's pointer to ai-edge-litert
      warnings.simplefilter("ignore")
      interpreter = tf.lite.Interpreter(model_path=str(path))
    runner = interpreter.get_signature_runner("serving_default")
    return {k: np.asarray(v) for k, v in runner(**inputs).items()}
  if name == "onnx":
    session = converters.onnx_session(path)
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, inputs)))
  return tfjs_runtime.run(path.parent, inputs, num_classes)


def _remove(version_dir, name):
  path = version_dir / FILES[name]
  if name == "tfjs":
    shutil.rmtree(path.parent, ignore_errors=True)
  else:
    path.unlink(missing_ok=True)


def unsupported_ops(message):
  """Op names a converter's error message says it could not convert."""
  found = re.findall(r"'tf\.(\w+)' op|Unsupported Ops in the model[^\n]*\n([\w, ]+)|"
                     r"No Op registered for (\w+)", message)
  names = {n for groups in found for g in groups for n in re.split(r"[, ]+", g) if n}
  return sorted(names)
