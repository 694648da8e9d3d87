"""One function per converter: a plain SavedModel (`serving_default`) to TFLite, ONNX or a
TensorFlow.js graph model. Each returns its zoo.json entry (the converter and its version)
or raises portable.FormatError with one line: the missing package and the command that
installs it, or the ops the converter could not convert."""
import importlib
import importlib.util
import logging
import os
import sys
import types

import tensorflow as tf

EXTRA = "pip install 'zoo[portable]'"
# tensorflowjs declares the full `tensorflow` (and JAX, TF-DF, ...) as dependencies: installed
# normally it would put `tensorflow` beside `tensorflow-cpu`, so it is installed without them.
TFJS_INSTALL = "pip install --no-deps tensorflowjs==4.22.0"
TFJS_MODULE = "tensorflowjs.converters.tf_saved_model_conversion_v2"
ONNX_OPSET = 17


def _error(fmt, exc):
  from zoo.serving import portable
  ops = portable.unsupported_ops(str(exc))
  if ops:
    return portable.FormatError(f"the {fmt} converter cannot convert op(s) {', '.join(ops)}")
  first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
  return portable.FormatError(f"the {fmt} converter failed: {first[:300]}")


def _missing(what, fix):
  from zoo.serving import portable
  return portable.FormatError(f"needs {what}, which is not installed: {fix}")


def tflite(source, out, quantize="none"):
  """tf.lite.TFLiteConverter, float32, or float16 weights when `quantize` is "float16"."""
  converter = tf.lite.TFLiteConverter.from_saved_model(str(source),
                                                       signature_keys=["serving_default"])
  if quantize == "float16":
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.target_spec.supported_types = [tf.float16]
  try:
    data = converter.convert()
  except Exception as e:  # ConverterError, or a ValueError for a graph it cannot lower
    raise _error("TFLite", e) from None
  out.write_bytes(data)
  return {"converter": f"tensorflow {tf.__version__} (tf.lite.TFLiteConverter)",
          "quantize": quantize, "runtime": "tf.lite.Interpreter", "bytes": len(data)}


def onnx(source, out):
  """tf2onnx, opset ONNX_OPSET; checked later with onnxruntime."""
  try:
    import onnxruntime
    import tf2onnx
  except ImportError as e:
    raise _missing(f"{e.name} for ONNX", EXTRA) from None
  logging.getLogger("tf2onnx").setLevel(logging.WARNING)  # its INFO lines, one per pass
  loaded = tf.saved_model.load(str(source))
  function = loaded.signatures["serving_default"]
  spec = [s for s in function.structured_input_signature[1].values()]
  try:
    tf2onnx.convert.from_function(tf.function(lambda *args: function(
        **{s.name: a for s, a in zip(spec, args)})), input_signature=spec,
        opset=ONNX_OPSET, output_path=str(out))
    onnx_session(out)  # tf2onnx keeps an op it cannot convert; onnxruntime refuses it
  except Exception as e:
    raise _error("ONNX", e) from None
  return {"converter": f"tf2onnx {tf2onnx.__version__}", "opset": ONNX_OPSET,
          "runtime": f"onnxruntime {onnxruntime.__version__}", "bytes": out.stat().st_size}


def onnx_session(path):
  import onnxruntime
  return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def _tfjs_converter():
  """tensorflowjs's SavedModel converter, importing only what that path uses: the package's
  __init__ would import its Keras and JAX converters (tf_keras, jax), and the module itself
  imports tensorflow_decision_forests and tensorflow_hub, used only for TF-DF models and
  TF Hub modules (empty stand-ins here, and only when they are not installed)."""
  hidden = "tensorflowjs" in sys.modules and sys.modules["tensorflowjs"] is None  # tests
  if not hidden and sys.modules.get(TFJS_MODULE) is not None:
    return sys.modules[TFJS_MODULE], importlib.import_module("tensorflowjs.version").version
  spec = None if hidden else importlib.util.find_spec("tensorflowjs")
  if spec is None:
    raise _missing("the tensorflowjs converter for TF.js", TFJS_INSTALL)
  root = os.path.dirname(spec.origin)
  for name, path in (("tensorflowjs", root), ("tensorflowjs.converters",
                                              os.path.join(root, "converters"))):
    if name not in sys.modules:
      package = types.ModuleType(name)
      package.__path__ = [path]
      sys.modules[name] = package
  for name in ("tensorflow_decision_forests", "tensorflow_hub"):
    if name not in sys.modules and importlib.util.find_spec(name) is None:
      sys.modules[name] = types.ModuleType(name)
  try:
    module = importlib.import_module(TFJS_MODULE)
  except ImportError as e:
    raise _missing(f"{e.name} for the TF.js converter", f"pip install {e.name}") from None
  return module, importlib.import_module("tensorflowjs.version").version


def tfjs(source, out_dir):
  """tensorflowjs.converters.convert_tf_saved_model: a graph model, model.json + shards."""
  converter, version = _tfjs_converter()
  try:
    converter.convert_tf_saved_model(str(source), str(out_dir), signature_def="serving_default",
                                     saved_model_tags="serve")
  except Exception as e:
    raise _error("TF.js", e) from None
  size = sum(p.stat().st_size for p in out_dir.iterdir())
  return {"converter": f"tensorflowjs {version}", "runtime": "@tensorflow/tfjs (JavaScript)",
          "bytes": size}
