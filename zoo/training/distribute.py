"""tf.distribute strategies from flags, and who writes files in a multi-worker job.

default       no distribution (one device)
one_device    OneDeviceStrategy on the first GPU, else the CPU
mirrored      MirroredStrategy over the local GPUs, or over `cpu_replicas` logical CPUs
multi_worker  MultiWorkerMirroredStrategy; the cluster comes from the TF_CONFIG variable
tpu           TPUStrategy on the TPU at `tpu` (a name or grpc:// address; "" for local)
"""
import json
import os

import tensorflow as tf
from absl import logging

from zoo import errors

from zoo.config import JIT_SETTINGS, STRATEGIES  # noqa: F401  (names the flags offer)


class StrategyError(errors.UserError, ValueError):
  """A strategy that cannot be built here; the message says why and what to do."""


def split_cpu(replicas):
  """Splits the CPU into `replicas` logical devices; must run before TensorFlow starts."""
  cpu = tf.config.list_physical_devices("CPU")[0]
  try:
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * replicas)
  except RuntimeError as e:
    raise StrategyError(f"--cpu_replicas={replicas} must be applied before TensorFlow "
                        f"creates its devices: {e}") from None


def _tf_config():
  raw = os.environ.get("TF_CONFIG")
  if not raw:
    raise StrategyError(
        "--strategy=multi_worker needs the TF_CONFIG environment variable describing the "
        "cluster and this task, e.g. TF_CONFIG='{\"cluster\": {\"worker\": [\"host1:12345\", "
        "\"host2:12345\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}' (README, "
        "\"Several machines\").")
  try:
    config = json.loads(raw)
    config["cluster"], config["task"]["type"], config["task"]["index"]
  except (ValueError, KeyError, TypeError) as e:
    raise StrategyError(f"TF_CONFIG is not valid ({e!r}); it needs \"cluster\" and \"task\" "
                        "with \"type\" and \"index\".") from None
  return config


def _tpu(address):
  try:
    resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu=address)
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
  except (ValueError, RuntimeError, tf.errors.OpError) as e:
    raise StrategyError(f"--strategy=tpu found no TPU at --tpu={address!r}: "
                        f"{str(e).splitlines()[0]}. Run on a TPU VM (--tpu=local) or pass "
                        "the TPU's name or grpc:// address.") from None
  return tf.distribute.TPUStrategy(resolver)


def make(name="default", cpu_replicas=None, tpu=None):
  """Returns the strategy `name`; call before any other TensorFlow op."""
  if name not in STRATEGIES:
    raise StrategyError(f"Unknown --strategy={name!r}; choose one of {', '.join(STRATEGIES)}.")
  if cpu_replicas:
    if name != "mirrored":
      raise StrategyError("--cpu_replicas only applies to --strategy=mirrored.")
    split_cpu(cpu_replicas)
  if name == "multi_worker":  # first: collectives must be set up before the runtime starts
    _tf_config()
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    logging.info("Strategy %s: %d replica(s) in sync.", name, strategy.num_replicas_in_sync)
    return strategy
  gpus = tf.config.list_logical_devices("GPU")
  if name == "default":
    strategy = tf.distribute.get_strategy()
  elif name == "one_device":
    strategy = tf.distribute.OneDeviceStrategy(gpus[0].name if gpus else "/cpu:0")
  elif name == "mirrored":
    devices = [d.name for d in gpus] or [d.name for d in tf.config.list_logical_devices("CPU")]
    strategy = tf.distribute.MirroredStrategy(devices)
  else:
    if tpu is None:
      raise StrategyError("--strategy=tpu needs --tpu=NAME_OR_ADDRESS (or --tpu=local).")
    strategy = _tpu(tpu)
  logging.info("Strategy %s: %d replica(s) in sync.", name, strategy.num_replicas_in_sync)
  return strategy


def has_accelerator(strategy) -> bool:
  return bool(tf.config.list_logical_devices("GPU")) or isinstance(strategy,
                                                                    tf.distribute.TPUStrategy)


def use_jit(setting, strategy) -> bool:
  """Whether the train step is XLA-compiled for config.train.jit_compile = `setting`:
  "on", "off", or "auto" (XLA on GPUs and TPUs; not on CPUs, where TensorFlow's oneDNN
  kernels beat XLA for every zoo model, docs/benchmarks.md). XLA is never used
  when one step spans several CPU devices (supports_jit)."""
  setting = str(setting).lower()
  if setting in ("true", "false"):  # a boolean given on the command line
    setting = "on" if setting == "true" else "off"
  if setting not in JIT_SETTINGS:
    raise ValueError(f"jit_compile must be one of {JIT_SETTINGS}, got {setting!r}.")
  if setting == "off":
    return False
  if setting == "auto" and not has_accelerator(strategy):
    return False
  return supports_jit(strategy)


def supports_jit(strategy) -> bool:
  """XLA-compiling the train step fails when one step spans several CPU devices (logical
  CPUs or workers): https://www.tensorflow.org/xla/known_issues. GPUs and TPUs are fine."""
  if has_accelerator(strategy):
    return True
  return (strategy.num_replicas_in_sync == 1 and
          not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy))


def is_chief(strategy) -> bool:
  """True for the task that writes checkpoints, samples, logs and exports."""
  resolver = getattr(strategy, "cluster_resolver", None)
  if resolver is None or not resolver.task_type:
    return True
  if resolver.task_type == "chief":
    return True
  has_chief = "chief" in resolver.cluster_spec().as_dict()
  return resolver.task_type == "worker" and resolver.task_id == 0 and not has_chief


def task_name(strategy) -> str:
  resolver = getattr(strategy, "cluster_resolver", None)
  if resolver is None or not resolver.task_type:
    return "local"
  return f"{resolver.task_type}_{resolver.task_id}"
