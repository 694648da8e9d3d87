"""Measurements behind `zoo.benchmark`: steady-state training throughput, the input
pipeline alone, sampling through an exported SavedModel, FLOPs counted from the traced
graphs, the machine's float32 matmul ceiling, and peak memory. Nothing here asserts a
speed; it reports."""
import resource
import statistics
import tempfile
import time

import keras
import numpy as np
import tensorflow as tf


def _summary(rates):
  return {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}


def matmul_gflops(n=2048, repeats=20):
  """The dense float32 matmul rate of this machine (XLA, n x n by n x n): the ceiling that
  every other figure is compared with."""
  a = tf.random.normal((n, n), seed=1)
  b = tf.random.normal((n, n), seed=2)
  matmul = tf.function(lambda x, y: tf.matmul(x, y), jit_compile=True)
  matmul(a, b).numpy()
  times = []
  for _ in range(repeats):
    start = time.perf_counter()
    matmul(a, b).numpy()
    times.append(time.perf_counter() - start)
  return _summary([2 * n ** 3 / t / 1e9 for t in times])


def _live_ops(graph):
  """The ops a call really runs: those its outputs or its state updates depend on.
  TensorFlow prunes the rest (gradients that no update uses) before running a function."""
  roots = [t.op for t in graph.outputs] + list(graph.control_outputs)
  roots += [op for op in graph.get_operations()
            if op.op_def.is_stateful and op.type not in ("ReadVariableOp", "VarHandleOp")]
  live, stack = set(), list(roots)
  while stack:
    op = stack.pop()
    if op not in live:
      live.add(op)
      stack.extend(t.op for t in op.inputs)
      stack.extend(op.control_inputs)
  return live


def count_flops(fn, *specs):
  """Floating-point operations of one call of `fn` on tensors of `specs`, counted over the
  ops of its traced graph that the call runs, with the statistics TensorFlow's profiler
  uses (MatMul and convolutions: 2 per multiply-add; element-wise ops: 1 per element)."""
  from tensorflow.python.framework import ops as tf_ops
  from tensorflow.python.profiler.internal import flops_registry  # noqa: F401  (registers)
  graph = tf.function(fn).get_concrete_function(*specs).graph
  total = 0
  for op in _live_ops(graph):
    try:
      value = tf_ops.get_stats_for_node_def(graph, op.node_def, "flops").value
    except ValueError:  # shapes unknown: not one of the counted ops here
      value = None
    total += int(value or 0)
  return total


class _BatchTimes(keras.callbacks.Callback):
  def __init__(self):
    super().__init__()
    self.times = []

  def on_train_batch_end(self, batch, logs=None):
    self.times.append((batch, time.perf_counter()))


def train_rates(model, dataset, warmup, steps, windows):
  """Steps/s of `model.fit` in `windows` equal windows after `warmup` steps (tracing and
  compilation happen there): {median, min, max, steps}. Both counts are rounded up to
  whole executions of `model.steps_per_execution` steps."""
  per_call = model.steps_per_execution
  warmup, steps = -(-warmup // per_call) * per_call, -(-steps // per_call) * per_call
  timer = _BatchTimes()
  model.fit(dataset, steps_per_epoch=warmup + steps, epochs=1, verbose=0, callbacks=[timer])
  marks = [(b + 1, t) for b, t in timer.times if b + 1 >= warmup]
  per_window = max(1, (marks[-1][0] - marks[0][0]) // windows)
  rates = []
  start = 0
  for i in range(1, len(marks)):
    if marks[i][0] - marks[start][0] >= per_window:
      rates.append((marks[i][0] - marks[start][0]) / (marks[i][1] - marks[start][1]))
      start = i
  return dict(_summary(rates), steps=steps)


def dataset_rate(dataset, batches, warmup=20):
  """Batches/s of iterating `dataset` alone."""
  iterator = iter(dataset)
  for _ in range(warmup):
    next(iterator)
  start = time.perf_counter()
  for _ in range(batches):
    next(iterator)
  return batches / (time.perf_counter() - start)


def sampling_rate(generator, batch_size, calls=100, metadata=None):
  """Images/s of `serving_default` of G's export loaded with tf.saved_model.load, at
  `batch_size` latents per request."""
  from zoo.serving import client, saved_model
  with tempfile.TemporaryDirectory() as tmp:
    path = saved_model.export_generator(generator, f"{tmp}/model", metadata=metadata)
    serve = tf.saved_model.load(str(path)).signatures["serving_default"]
    inputs = {"z": tf.random.normal((batch_size, generator.latent_dim)),
              **client.defaults(serve)}
    if generator.num_classes:
      inputs["labels"] = tf.zeros((batch_size,), tf.int32)
    for _ in range(10):
      serve(**inputs)
    times = []
    for _ in range(calls):
      start = time.perf_counter()
      out = serve(**inputs)
      np.asarray(next(iter(out.values())))
      times.append(time.perf_counter() - start)
  return _summary([batch_size / t for t in times])


def projection_rate(generator, images=16, steps=500, restarts=4, repeats=3):
  """The `project` signature of G's export on `images` images x `steps` steps: latent-steps/s
  (rows of z, images x restarts, times steps, per second; best of `repeats` calls)."""
  from zoo.serving import saved_model
  with tempfile.TemporaryDirectory() as tmp:
    path = saved_model.export_generator(generator, f"{tmp}/model", restarts=restarts)
    project = tf.saved_model.load(str(path)).signatures["project"]
    inputs = {"images": tf.random.uniform((images, *generator.image_shape), seed=1),
              "seed": tf.constant(0, tf.int64)}
    if generator.num_classes:
      inputs["labels"] = tf.zeros((images,), tf.int32)
    project(num_steps=tf.constant(2), **inputs)  # traces
    times = []
    for _ in range(repeats):
      start = time.perf_counter()
      np.asarray(project(num_steps=tf.constant(steps), **inputs)["z"])
      times.append(time.perf_counter() - start)
  return images * restarts * steps / min(times)


def gradient_rate(generator, batch_size, calls=100):
  """Latent-steps/s of G's forward and backward pass alone (d sum G(z) / dz at `batch_size`
  latents per call, in one tf.function): the ceiling a latent search can approach."""
  z = tf.random.normal((batch_size, generator.latent_dim))
  labels = tf.zeros((batch_size,), tf.int32) if generator.num_classes else None

  @tf.function
  def many(z):
    def body(i, z):
      with tf.GradientTape() as tape:
        tape.watch(z)
        total = tf.reduce_sum(generator(z, labels=labels, training=False))
      return i + 1, z - 1e-6 * tape.gradient(total, z)
    return tf.while_loop(lambda i, _: i < calls, body, (0, z))[1]
  np.asarray(many(z))
  start = time.perf_counter()
  np.asarray(many(z))
  return batch_size * calls / (time.perf_counter() - start)


def check_overhead(generator, batch_size, calls=200):
  """How much slower `serving_default` is for its in-graph input checks (shape, finite
  latents, the image cap): the same function with and without them, called alternately,
  median against median (0.01 = 1% slower)."""
  from zoo.serving.signatures import GeneratorSignatures
  signatures = GeneratorSignatures(generator, max_num=batch_size)
  z = tf.random.normal((batch_size, generator.latent_dim))
  labels = tf.zeros((batch_size,), tf.int32) if generator.num_classes else None
  functions = [tf.function(lambda: signatures._serve(z, labels)),
               tf.function(lambda: signatures.images(z, labels))]
  times = [[], []]
  for i in range(calls + 10):
    for fn, out in zip(functions, times):
      start = time.perf_counter()
      np.asarray(next(iter(fn().values())))
      if i >= 10:  # the first calls trace
        out.append(time.perf_counter() - start)
  return statistics.median(times[0]) / statistics.median(times[1]) - 1.0


def peak_rss_mb():
  """Peak resident memory of this process so far (Linux reports KiB)."""
  return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
