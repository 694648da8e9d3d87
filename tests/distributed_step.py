"""Run in a subprocess by test_distribute.py (logical CPUs must exist before TF starts).

mode `equivalence MODEL K [POLICY [improved|virtual|relativistic|simultaneous [OPTIMIZERS]]]`: one
execution of the default steps_per_execution train steps under `default` and under
`mirrored` over 2 logical CPUs, from the same weights on the same global batch; prints, per
optimizer ("default": the config's; "sgd": SGD at the config's learning rates), the largest
weight difference and the fraction of weights that differ by more than 1e-5.
mode `worker`: trains a tiny config under --strategy (TF_CONFIG from the environment) and
saves the final weights to OUT/weights_<task>.npz.
"""
import json
import sys

import keras
import numpy as np
import tensorflow as tf

from tests import helpers
from zoo.training import distribute
from zoo.training import trainer


def deterministic_noise(gan):
  """z and the gradient penalty's mixing weights as fixed functions of each real example,
  so replicas and a single device draw the same for the same example whatever the split."""
  def noise(real, salt):
    flat = tf.reshape(real, [tf.shape(real)[0], -1])[:, :gan.generator.latent_dim]
    return flat * 2.0 - 1.0 + 0.01 * salt
  if hasattr(gan, "_pool_uniforms"):  # CycleGAN's image pool: a choice per example
    gan._pool_uniforms = lambda x, salt: tf.math.floormod(
        tf.reduce_mean(x, axis=[1, 2, 3])[:, None] * 37.0 * tf.range(1.0, 3.0) + salt, 1.0)
  if not hasattr(gan, "augmentation"):  # image translators draw no other noise
    return
  gan._noise = noise
  gan._mix_weights = lambda real, salt: tf.reduce_mean(real, axis=[1, 2, 3])
  gan._augment_uniforms = lambda x, n, salt: tf.math.floormod(
      tf.reduce_mean(x, axis=[1, 2, 3])[:, None] * 37.0 * tf.range(1.0, n + 1.0) + salt, 1.0)
  if gan.augmentation.policy == "ada":
    gan.augmentation.p.assign(0.5)  # every transform on for about half the examples
  if hasattr(gan, "_layer_noise"):  # StyleGAN2: style mixing, noise inputs, path lengths
    per_example = lambda z, shape, salt: tf.sin(
        tf.reduce_sum(z, 1)[:, None, None, None] * 3.0
        + tf.reshape(tf.range(float(np.prod(shape))), [1, *shape]) * 0.37 + salt)
    gan._uniforms = lambda z, n, salt: tf.math.floormod(
        tf.reduce_mean(z, 1, keepdims=True) * 37.0 * tf.range(1.0, n + 1.0) + salt, 1.0)
    gan._layer_noise = lambda z, shapes, salt: [per_example(z, (h, w, 1), salt + i)
                                                for i, (h, w) in enumerate(shapes)]
    gan._path_noise = per_example


def one_step(strategy, config, weights, real):
  keras.utils.set_random_seed(config.seed)  # the same initial weights in every run
  with strategy.scope():
    gan = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  if weights is not None:
    gan.generator.set_weights(weights[0])
    gan.discriminator.set_weights(weights[1])
    for name, history in (getattr(gan, "historical", None) or {}).items():  # they started at the old weights
      for average, v in zip(history.averages, getattr(gan, name).trainable_variables):
        average.assign(v)
  before = [gan.generator.get_weights(), gan.discriminator.get_weights()]
  deterministic_noise(gan)
  ds = tf.data.Dataset.from_tensors((real, np.zeros(len(real), np.int64))).repeat()
  # One execution of the default steps_per_execution steps.
  gan.fit(ds, steps_per_epoch=config.train.steps_per_execution, epochs=1, verbose=0,
          shuffle=False)
  return before, [gan.generator.get_weights(), gan.discriminator.get_weights()]


def equivalence(name, d_steps, policy="none", improved="plain", optimizers="default"):
  distribute.split_cpu(2)
  config = helpers.small_config(name)
  if improved == "improved":  # Salimans et al. 2016's options that keep the global batch
    config.gan.update(feature_matching=True, label_smoothing=0.1, historical_averaging=0.01)
  if improved == "virtual":  # virtual batch norm in G: each replica runs the reference batch
    config.gan.virtual_batch_norm = 4
  if improved == "simultaneous":  # both players' updates from one pass (PacGAN's code)
    config.gan.simultaneous = True
  if improved == "relativistic":  # ESRGAN's D: means of the logits over the global batch
    config.translation.relativistic = True
  if "dropout" in config.model:
    config.model.dropout = config.model.input_dropout = 0.0
  if "dropout_layers" in config.model:  # pix2pix's U-Net: dropout draws per replica
    config.model.dropout_layers = 0
  if "gan" in config:
    config.gan.d_steps = d_steps
    config.augment.policy = policy
  channels = 2 if "cyclegan" in config else 1  # CycleGAN: domains A and B, joined
  real = np.random.default_rng(0).uniform(size=(8 * d_steps, 28, 28, channels)).astype(
      np.float32)
  mirrored = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
  flat = lambda ws: np.concatenate([w.ravel() for part in ws for w in part])
  results = {}
  for optimizer in optimizers.split(","):
    if optimizer == "sgd":
      for side in config.optimizer.values():
        side.name = "sgd"
    start, single = one_step(tf.distribute.get_strategy(), config, None, real)
    _, replicated = one_step(mirrored, config, start, real)
    diff = np.abs(flat(single) - flat(replicated))
    lr = max(config.optimizer.d.learning_rate, config.optimizer.g.learning_rate)
    results[optimizer] = dict(
        replicas=mirrored.num_replicas_in_sync,
        moved=float(np.abs(flat(single) - flat(start)).max()), diff=float(diff.max()),
        differing=float(np.mean(diff > 1e-5)), adam=config.optimizer.d.name == "adam",
        adam_bound=2 * lr * config.train.steps_per_execution * d_steps)
  print(json.dumps(results))


def worker(workdir, out):
  strategy = distribute.make("multi_worker")
  config = helpers.small_config(steps=30)
  run = trainer.train(config, workdir, strategy)
  weights = run.model.generator.get_weights() + run.model.discriminator.get_weights()
  np.savez(f"{out}/weights_{distribute.task_name(strategy)}.npz", *weights)
  print(json.dumps(dict(step=run.step, chief=distribute.is_chief(strategy),
                        export=str(run.export_path))))


if __name__ == "__main__":
  if sys.argv[1] == "equivalence":
    equivalence(sys.argv[2], int(sys.argv[3]), *sys.argv[4:])
  else:
    worker(sys.argv[2], sys.argv[3])
