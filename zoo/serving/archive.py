"""Writes a SavedModel of Keras networks and endpoint functions, tracing each endpoint once.

`keras.export.ExportArchive` traces every endpoint twice: once to list the variables the
endpoints use, then again inside `tf.saved_model.save`, whose save context is part of the
trace-cache key. For a generator with a latent search in the graph (`project`, `inpaint`)
the first trace is about half of the export's time. Here `tf.saved_model.save` is the only
tracer: the root tracks every variable of the networks (what ExportArchive.track does) and
holds the endpoints as tf.functions with their input signatures."""
import tensorflow as tf


def write(path, networks, endpoints):
  """SavedModel at `path` tracking `networks`, with `endpoints` {name: (fn, [TensorSpec])};
  the first endpoint is also `serving_default` unless one is named so (as ExportArchive)."""
  root = tf.__internal__.tracking.AutoTrackable()
  # The tf.Variables under the Keras ones: what the functions capture, so that TF1-style
  # loaders (TF Serving, saved_model_cli run) find them in the MetaGraph.
  root.variables = [v.value for network in networks for v in network.variables]
  signatures = {}
  for name, (fn, spec) in endpoints.items():
    function = tf.function(fn, input_signature=spec, autograph=False)
    setattr(root, name, function)
    signatures[name] = function
  signatures.setdefault("serving_default", signatures[next(iter(endpoints))])
  tf.saved_model.save(root, str(path), signatures=signatures)
