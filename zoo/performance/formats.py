"""Sampling speed of each export format side by side: the SavedModel (tf.saved_model.load),
TFLite (tf.lite.Interpreter), ONNX (onnxruntime) and TF.js (the tfjs npm package's
JavaScript CPU backend in Node), on one export of the same G, at batch 1 and 64."""
import statistics
import tempfile
import time
import warnings

import numpy as np
import tensorflow as tf

from zoo.serving import client, converters, portable, saved_model, tfjs_runtime

BATCHES = (1, 64)
FORMATS = portable.FORMATS


def _runner(fmt, path):
  """A function numpy inputs -> first output, for format `fmt` of the export at `path`."""
  if fmt == "saved_model":
    serve = tf.saved_model.load(str(path)).signatures["serving_default"]
    extra = client.defaults(serve)
    return lambda inputs: next(iter(serve(**inputs, **extra).values())).numpy()
  if fmt == "tflite":
    with warnings.catch_warnings():
      warnings.simplefilter("ignore")
      interpreter = tf.lite.Interpreter(model_path=str(path / portable.FILES["tflite"]))
    runner = interpreter.get_signature_runner("serving_default")
    return lambda inputs: next(iter(runner(**inputs).values()))
  session = converters.onnx_session(path / portable.FILES["onnx"])
  return lambda inputs: session.run(None, inputs)[0]


def _seconds(fmt, path, inputs, num_classes, calls):
  """Median seconds per call of `calls` calls, after warm-up calls."""
  if fmt == "tfjs":  # timed inside Node, after the model is loaded; the first call warms up
    return statistics.median(tfjs_runtime.run(path / "tfjs", inputs, num_classes,
                                              repeat=calls + 2)["seconds"][2:])
  run = _runner(fmt, path)
  for _ in range(3):
    run(inputs)
  times = []
  for _ in range(calls):
    start = time.perf_counter()
    run(inputs)
    times.append(time.perf_counter() - start)
  return statistics.median(times)


def rates(generator, batches=BATCHES, calls=30, formats=FORMATS):
  """{format: {"runtime", "images_per_sec": {batch: rate}}} or {"error": why} per format."""
  out = {}
  with tempfile.TemporaryDirectory() as tmp:
    try:
      path = saved_model.export_generator(generator, f"{tmp}/model", formats=formats)
    except saved_model.PortableFormatError as e:
      path = e.path
      out.update({fmt: {"error": reason} for fmt, reason in e.failures.items()})
    formats = saved_model.read_metadata(path)["formats"]
    for fmt, entry in formats.items():
      per_batch = {}
      for batch in batches:
        inputs = {"z": np.asarray(generator.sample_latent(batch, seed=batch))}
        if generator.num_classes:
          inputs["labels"] = np.arange(batch, dtype=np.int32) % generator.num_classes
        per_batch[batch] = batch / _seconds(fmt, path, inputs, generator.num_classes, calls)
      out[fmt] = {"runtime": entry.get("runtime", f"tf.saved_model.load "
                                       f"(TensorFlow {tf.__version__})"),
                  "images_per_sec": per_batch}
  return out
