"""TF Serving warmup: `assets.extra/tf_serving_warmup_requests`, a TFRecord file of
PredictionLog protos that the server replays on load, so the first user request does
not pay for graph initialization. One small request per signature."""
import numpy as np
import tensorflow as tf

FILE = "assets.extra/tf_serving_warmup_requests"


def requests(latent_dim, num_classes=0, image_shape=None, truncation=None):
  """(signature, {input: array}) pairs, one per signature of zoo/serving/signatures.py, of
  query_signatures.py when `image_shape` is given (two images, one step), and of
  truncation.py for a `truncation` kind ("psi" or "threshold")."""
  z = np.zeros((2, latent_dim), np.float32)
  pairs = [("serving_default", {"z": z}),
           ("sample", {"num": np.int32(2), "seed": np.int64(0)}),
           ("interpolate", {"z_start": z, "z_end": np.ones_like(z), "num_steps": np.int32(3)})]
  if image_shape is not None:
    images = np.full((2, *image_shape), 0.5, np.float32)
    one = dict(images=images, num_steps=np.int32(1), seed=np.int64(0))
    mask = np.ones((2, *image_shape[:2], 1), np.float32)
    mask[:, image_shape[0] // 2:] = 0.0
    pairs += [("project", one), ("inpaint", dict(one, mask=mask))]
  if truncation == "psi":
    for _, inputs in pairs[:2]:
      inputs["truncation"] = np.float32(0.7)
    pairs.append(("mix", {"z_coarse": z, "z_fine": np.ones_like(z), "crossover": np.int32(2),
                          "truncation": np.float32(1.0)}))
  elif truncation == "threshold":
    pairs.append(("sample_truncated", {"num": np.int32(2), "seed": np.int64(0),
                                       "truncation": np.float32(1.5)}))
  if num_classes:
    for _, inputs in pairs:
      inputs["labels"] = np.arange(2, dtype=np.int32) % num_classes
  return pairs


def write(export_dir, model_name, latent_dim, num_classes=0, image_shape=None,
          truncation=None, extra=()) -> bool:
  """Writes the warmup file of a generator (and the `extra` requests of other
  signatures); False if tensorflow-serving-api is not installed."""
  return write_requests(export_dir, model_name,
                        requests(latent_dim, num_classes, image_shape, truncation) + list(extra))


def write_requests(export_dir, model_name, pairs) -> bool:
  """Writes (signature, {input: array}) `pairs` as the warmup file; False if
  tensorflow-serving-api is not installed."""
  try:
    from tensorflow_serving.apis import predict_pb2, prediction_log_pb2
  except ImportError:
    return False
  path = f"{export_dir}/{FILE}"
  tf.io.gfile.makedirs(f"{export_dir}/assets.extra")
  with tf.io.TFRecordWriter(path) as writer:
    for signature, inputs in pairs:
      request = predict_pb2.PredictRequest()
      request.model_spec.name = model_name
      request.model_spec.signature_name = signature
      for key, value in inputs.items():
        request.inputs[key].CopyFrom(tf.make_tensor_proto(value))
      log = prediction_log_pb2.PredictionLog(
          predict_log=prediction_log_pb2.PredictLog(request=request))
      writer.write(log.SerializeToString())
  return True
