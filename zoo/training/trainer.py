"""One training run in a work directory: build, resume, fit, checkpoint, sample, export.

Layout of `workdir`:
  config.json              the resolved config of the latest run
  checkpoints/             G, D and both optimizers (tf.train.CheckpointManager)
  samples/step_*.png       grids of G(fixed z)
  tensorboard/             scalars (d_loss, g_loss, D(x), D(G(z)), steps/s) and grids
  export/<model>/<n>/      the generator as a SavedModel (TF Serving layout)
"""
import contextlib
import dataclasses
import json
import pathlib
import shutil
import tempfile

import keras
import numpy as np
import tensorflow as tf
from absl import logging

from zoo import config as config_lib
from zoo import atomic, data, errors
from zoo.data import folder, labeled, paired, pairs, pipeline, records
from zoo.evaluation import classifier, runner, sources
from zoo.models import base, registry
from zoo.objectives import losses, optimizers
from zoo.objectives.gan import GAN
from zoo.objectives.cyclegan import CycleGAN
from zoo.objectives.generative import GenerativeModel
from zoo.objectives.gmmn import GMMN
from zoo.objectives.ssgan import SemiSupervisedGAN
from zoo.objectives.stylegan2 import StyleGAN2
from zoo.objectives.translation import ImageTranslation
from zoo.objectives.vae import VAE
from zoo.serving import client, saved_model
from zoo.training import (batch_norm_refresh, callbacks, checkpoints, distribute,
                          evaluation_callback, locks)


@contextlib.contextmanager
def _dtype_policy(name):
  """Layers built inside take the Keras dtype policy `name` (mixed precision): float32
  variables, computation in bfloat16 or float16."""
  previous = keras.config.dtype_policy()
  keras.config.set_dtype_policy(name or "float32")
  try:
    yield
  finally:
    keras.config.set_dtype_policy(previous)


def _optimizer(opt_config, name, mixed_precision):
  optimizer = optimizers.build(opt_config, name)
  if mixed_precision == "mixed_float16":  # float16 gradients underflow without a loss scale
    return keras.optimizers.LossScaleOptimizer(optimizer, name=f"{name}_loss_scale")
  return optimizer


def build_model(config, image_shape, jit_compile=None):
  """The compiled model of the config's kind (GAN, GMMN or VAE) with every variable
  created (under the current strategy scope). `jit_compile` None: config.train.jit_compile
  resolved for the current strategy."""
  spec = registry.get(config.model_name)
  precision = config.train.mixed_precision
  with _dtype_policy(precision):
    generator, auxiliary = spec.build(config.model, image_shape)
  common = dict(seed=config.seed, ema_decay=config.train.ema_decay,
                ema_bn_batches=config.train.ema_bn_batches,
                ema_bn_batch_size=_generator_batch(config))
  if spec.kind == "gan":
    gan = config.gan
    with _dtype_policy(precision):
      if gan.minibatch_kernels:
        auxiliary = base.with_minibatch_discrimination(auxiliary, gan.minibatch_kernels,
                                                       gan.minibatch_dims)
      if gan.virtual_batch_norm:
        generator = base.with_virtual_batch_norm(generator, gan.virtual_batch_norm)
    model_class, extra = GAN, {}
    if "stylegan2" in config:  # StyleGAN2's regularizers and style mixing
      model_class = StyleGAN2
      extra = {k: v for k, v in config.stylegan2.items() if k != "ema_kimg"}
      common["ema_decay"] = stylegan2_ema_decay(config)
    elif "ssl" in config:  # Salimans et al. 2016's semi-supervised D
      model_class, extra = SemiSupervisedGAN, dict(config.ssl)
    model = model_class(generator, auxiliary, generator_loss=gan.generator_loss,
                discriminator_loss=gan.discriminator_loss, d_steps=gan.d_steps,
                gradient_penalty=gan.gradient_penalty,
                augment=config.augment.to_dict() if "augment" in config else None,
                feature_matching=gan.feature_matching, label_smoothing=gan.label_smoothing,
                historical_averaging=gan.historical_averaging, pack=gan.pack,
                unroll_steps=gan.unroll_steps, simultaneous=gan.simultaneous, **extra,
                **common)
  elif "cyclegan" in config:
    cycle = {k: v for k, v in config.cyclegan.items() if k != "domain_b"}
    model = CycleGAN(generator, auxiliary, batch_size=config.train.batch_size, **cycle,
                     **common)
  elif spec.kind == "translation":
    t = config.translation
    features = {}
    if t.get("feature_weight"):  # the zoo classifier's features, in place of SRGAN's VGG
      features = dict(feature_weight=t.feature_weight, feature_network=classifier.feature_network(
          config.data.name, config.eval.classifier_dir or None))
    model = ImageTranslation(generator, auxiliary, pairs_transform=t.pairs, content=t.content,
                             content_weight=t.content_weight,
                             adversarial_weight=t.adversarial_weight,
                             generator_loss=t.generator_loss,
                             discriminator_loss=t.discriminator_loss,
                             relativistic=t.get("relativistic", False), **features, **common)
  elif spec.kind == "gmmn":
    model = GMMN(generator, auxiliary, bandwidths=config.mmd.bandwidths, **common)
  else:
    model = VAE(generator, auxiliary, **common)
  model.compile(
      g_optimizer=_optimizer(config.optimizer.g, "g_optimizer", precision),
      d_optimizer=(_optimizer(config.optimizer.d, "d_optimizer", precision) if auxiliary
                   else None),
      jit_compile=(distribute.use_jit(config.train.jit_compile, tf.distribute.get_strategy())
                   if jit_compile is None else jit_compile),
      steps_per_execution=config.train.steps_per_execution)
  model.build_all(image_shape)
  return model


def stylegan2_ema_decay(config):
  """G's EMA decay per step from StyleGAN2's half-life in images: 0.5 ** (batch / (ema_kimg
  * 1000)), so the average spans the same images whatever the batch size."""
  kimg = config.stylegan2.ema_kimg
  return 0.5 ** (examples_per_step(config) / (kimg * 1000.0)) if kimg else 0.0


def examples_per_step(config):
  """Real examples one training step consumes: k * batch for a GAN with k D steps."""
  return config.train.batch_size * (config.gan.d_steps if "gan" in config else 1)


def discriminator_probability(model):
  """x -> D(x) as a probability (the 1-D plot, the d_half metric); None if the model has no
  such D."""
  if (not isinstance(model, GAN) or model.discriminator_loss not in losses.SIGMOID_LOSSES
      or model.pack > 1):  # a packed D judges groups of samples, not one
    return None
  return lambda x: np.asarray(keras.ops.sigmoid(model.discriminator(x, training=False)))


def fixed_samples(model, config):
  """The noise (and labels, one row per class) that every sample grid of a run shows."""
  classes = model.generator.num_classes
  per_row = max(1, config.train.num_samples // classes) if classes else None
  num = classes * per_row if classes else config.train.num_samples
  z = model.generator.sample_latent(num, seed=config.seed + 1)
  if not classes:
    return z, None, None
  return z, client.labels_per_class(classes, per_row), classes


def fixed_pairs(model, config, images):
  """(inputs, targets) of the first train.num_samples training images, for the grids of a
  translator (images: uint8 arrays or a stream of (image, label)); CycleGAN: (images of
  domain A, None)."""
  targets = _first_images(images, config.train.num_samples)
  if isinstance(model, CycleGAN):
    return np.asarray(model.split(targets)[0]), None
  sources, targets = model.pairs_of(targets)
  return np.asarray(sources), np.asarray(targets)


def load_training_data(config):
  """(images, labels, description) of the run's training split; CycleGAN's domains A and B
  joined along channels (zoo/data/pairs.py unpaired)."""
  if config.data.source == "paired_folder":
    image_shape = data.info(config.data.name).image_shape
    transform = pairs.parse(config.translation.pairs)
    return paired.load(config.data, "train", image_shape, transform.input_shape(image_shape))
  images, labels, source = data.load(config.data, "train", seed=config.seed, stream=True)
  if "cyclegan" not in config:
    return images, labels, source
  other = config.data.copy_and_resolve_references()
  other.name = config.cyclegan.domain_b
  images_b, _, source_b = data.load(other, "train", seed=config.seed)
  joined = pairs.unpaired(images, images_b, config.seed)
  return joined, labels[:len(joined)], f"A: {source}; B: {source_b}"


def checkpoint_for(model):
  return tf.train.Checkpoint(**model.checkpoint_items())


def _check_config(config, workdir, resuming):
  """Refuses a config that does not fit the run in `workdir`: another model, or (when it
  resumes a checkpoint) a change to a field that shaped the checkpoint or the training."""
  path = workdir / "config.json"
  if not path.exists():
    return
  stored = json.loads(path.read_text())
  if stored.get("model_name") != config.model_name:
    raise config_lib.ConfigError(f"Workdir {workdir} holds a run of "
                                 f"{stored.get('model_name')!r}, not {config.model_name!r}; "
                                 "pick another --workdir.")
  conflicts = config_lib.resume_conflicts(config, stored) if resuming else []
  if conflicts:
    changes = "; ".join(f"config.{f} is {old!r} there, {new!r} now" for f, old, new in conflicts)
    raise config_lib.ConfigError(
        f"Workdir {workdir} holds a run trained with other settings ({changes}). Resume it "
        "with the run's values (drop those overrides), or start a new run with another "
        "--workdir.")


@dataclasses.dataclass
class Run:
  """What `train` leaves: the trained model (GAN, GMMN or VAE), its step and the export
  (None if not exported)."""
  model: GenerativeModel
  step: int
  export_path: pathlib.Path | None


def check_batch(config, strategy):
  replicas = strategy.num_replicas_in_sync
  if config.train.batch_size % replicas:
    raise config_lib.ConfigError(
        f"config.train.batch_size={config.train.batch_size} does not split evenly over the "
        f"{replicas} replicas of the strategy (each needs the same share for the losses to "
        f"average correctly); use a multiple of {replicas}.")


def train(config, workdir, strategy=None) -> Run:
  """Trains (or resumes) the run in `workdir` under `strategy` (default: none).

  In a multi-worker job only the chief writes to `workdir`; the other workers save their
  (identical) checkpoints to a scratch directory that is removed at the end.
  """
  config_lib.validate(config)
  strategy = strategy or tf.distribute.get_strategy()
  check_batch(config, strategy)
  workdir = pathlib.Path(workdir)
  if distribute.is_chief(strategy):
    with locks.WorkdirLock(workdir):  # one trainer per workdir
      try:
        return _train(config, workdir, workdir, strategy, chief=True)
      except (OSError, tf.errors.OpError) as e:  # a sample grid, a log, the config file
        if not errors.is_no_space(e):
          raise
        raise errors.NoSpaceError(f"No space left on device under {workdir} ({e}); free "
                                  "space, then run the same command to resume.") from None
  out = pathlib.Path(tempfile.mkdtemp(prefix=f"zoo-{distribute.task_name(strategy)}-"))
  try:
    return _train(config, workdir, out, strategy, chief=False)
  finally:
    shutil.rmtree(out, ignore_errors=True)


def _train(config, workdir, out, strategy, chief):
  checkpoint_dir = workdir / "checkpoints"  # the chief's: every worker resumes from it
  _check_config(config, workdir, resuming=bool(checkpoints.steps(checkpoint_dir)))
  out.mkdir(parents=True, exist_ok=True)
  if chief:
    atomic.write_text(workdir / "config.json",
                      config.to_json_best_effort(indent=2, sort_keys=True))
  ds_info = data.info(config.data.name)
  images, labels, source = load_training_data(config)
  logging.info("Data: %s", source)
  if config.data.source in ("folder", "tfrecord"):
    _record_classes(config, out)
  keras.utils.set_random_seed(config.seed)
  jit = distribute.use_jit(config.train.jit_compile, strategy)
  if str(config.train.jit_compile).lower() in ("on", "true") and not jit:
    logging.info("jit_compile off: XLA cannot compile one step over several CPU devices.")
  with strategy.scope():
    model = build_model(config, ds_info.image_shape, jit_compile=jit)
  latest = checkpoints.restore_newest_readable(lambda: checkpoint_for(model), checkpoint_dir)
  manager = tf.train.CheckpointManager(checkpoint_for(model), out / "checkpoints",
                                       max_to_keep=config.train.keep_checkpoints)
  if latest:
    logging.info("Resuming from step %d (%s).", model.step, latest)
  else:
    logging.info("Starting %s from step 0 in %s.", config.model_name, workdir)
    if hasattr(model.generator, "init_output_bias") and ds_info.kind == "image":
      model.generator.init_output_bias(data.pixel_mean(images))
    examples = getattr(model, "data_init_examples", 0)  # weight norm's, minibatch's inits
    if examples:
      model.initialize_from_data(_first_images(images, examples),
                                 None if labels is None else np.asarray(labels[:examples]))
    if config.get("translation", {}).get("init_generator"):
      _init_generator(model, config.translation.init_generator)

  total, every = config.train.steps, config.train.checkpoint_every
  writer = (tf.summary.create_file_writer(str(out / "tensorboard")) if chief
            else tf.summary.create_noop_writer())
  logger = callbacks.StepLogger(model, writer, total, config.train.log_every,
                                workdir / "checkpoints")
  points = ds_info.kind == "points"
  if isinstance(model, (ImageTranslation, CycleGAN)):
    sources, targets = fixed_pairs(model, config, images)
    sampler = callbacks.SampleGrid(model, writer, sources, out / "samples",
                                   config.train.sample_every, targets=targets)
  else:
    fixed_z, fixed_labels, rows = fixed_samples(model, config)
    sampler = callbacks.SampleGrid(
        model, writer, fixed_z, out / "samples", config.train.sample_every, fixed_labels, rows,
        reference=images[:2000] if points else None,
        discriminator=discriminator_probability(model) if points else None)
  evaluation = _eval_callback(model, config, out, writer)
  refresh = _batch_norm_refresh(model, config)
  fit_callbacks = (([refresh] if refresh else []) + [logger] + ([sampler] if chief else [])
                   + ([evaluation] if evaluation else []))
  # Every worker saves: a save may need collectives.
  fit_callbacks.append(callbacks.Checkpointer(model, lambda s: checkpoints.save(manager, s), logger))
  start = model.step
  if start < total:
    ds = _train_dataset(config, images, labels, seed=config.seed)
    for steps_per_epoch, epochs in fit_plan(start, total, every):
      model.fit(_from_batch(ds, model.step), steps_per_epoch=steps_per_epoch, epochs=epochs,
                verbose=0, shuffle=False, callbacks=fit_callbacks)
  step = model.step
  writer.flush()
  if not chief:
    return Run(model, step, None)
  if not (out / "samples" / f"step_{step:07d}.png").exists():
    sampler.write(step)
  logging.info("Trained to step %d; samples in %s.", step, out / "samples")
  path = export_run(model, config, workdir, step) if config.export.enabled else None
  return Run(model, step, path)


def _train_dataset(config, images, labels, seed):
  """The run's infinite dataset of global batches, shuffled from `seed`."""
  batch = examples_per_step(config)
  if "ssl" not in config:
    return pipeline.train_dataset(images, labels, batch, config.data.shuffle_buffer, seed,
                                  flip=config.data.flip)
  if not isinstance(images, np.ndarray):
    raise config_lib.ConfigError(
        f"The semi-supervised GAN picks its labelled images from a labelled split held in "
        f"memory; data.source={config.data.source} streams. Use a folder or a zoo dataset.")
  return labeled.train_dataset(images, labels, config.data.labeled,
                               data.info(config.data.name).num_classes, batch,
                               config.data.shuffle_buffer, config.seed, seed,
                               config.data.unlabeled, config.data.unlabeled_includes_labeled,
                               config.data.separate_g_batch)


def _from_batch(ds, step):
  """`ds` from its batch `step` on, so a resumed run (and each `fit` call, which starts a
  new iterator) sees the batches an unbroken run would. Skipping replays the shuffle: about
  0.2 ms a batch here (benchmarks/replay_cost.py), some 20 s for a resume at step 100,000."""
  if step:
    logging.info("Skipping the %d batches already trained on, so this part of the run sees "
                 "the batches an unbroken run would...", step)
  return ds.skip(step)


def _first_images(images, n):
  """The first `n` training images in [0, 1] (arrays or a stream of (image, label)), or
  points as they are."""
  if isinstance(images, tf.data.Dataset):
    images = next(iter(images.map(lambda x, y: x).batch(n))).numpy()
  images = np.asarray(images[:n])
  return images.astype(np.float32) / (255.0 if images.dtype == np.uint8 else 1.0)


def fit_plan(start, total, every):
  """[(steps_per_epoch, epochs)] of the `fit` calls from step `start` to `total` with a
  checkpoint every `every` steps: one call of whole intervals, plus one for a partial
  interval at either end (a resume from an odd step, a total that `every` does not divide)."""
  plan, step = [], start
  if step % every and step < total:
    first = min(total, (step // every + 1) * every) - step
    plan.append((first, 1))
    step += first
  if (total - step) // every:
    plan.append((every, (total - step) // every))
    step += every * plan[-1][1]
  if step < total:
    plan.append((total - step, 1))
  return plan


def _init_generator(model, workdir):
  """Starts G from the newest checkpoint of the run in `workdir` (SRGAN's protocol: G
  starts as the trained SRResNet; D starts afresh)."""
  source, source_config, step = load_run(workdir)
  weights = source.sampling_generator().get_weights()
  try:
    model.generator.set_weights(weights)
  except ValueError as e:
    name = source_config.model_name
    raise config_lib.ConfigError(
        f"config.translation.init_generator: the generator of {workdir} ({name}) does not "
        f"fit this model's ({e}); train it with the same config.model.") from None
  if model.ema is not None:
    for average, v in zip(model.ema.averages, model.generator.trainable_variables):
      average.assign(v)
  logging.info("Generator starts from %s at step %d.", workdir, step)


def _record_classes(config, out):
  """Writes W/classes.json (the folder's class names in id order) and checks that a
  conditional model has one class per folder."""
  if config.data.source == "tfrecord":
    classes = records.metadata(config.data.path)["classes"]
  else:
    _, classes, _ = folder.scan(config.data.path, config.data.test_fraction)
  wanted = config.model.get("num_classes", 0)
  if wanted and wanted != len(classes):
    raise config_lib.ConfigError(
        f"config.model.num_classes is {wanted}, but {config.data.path} has {len(classes)} "
        f"class folders ({', '.join(classes)}); set --config.model.num_classes="
        f"{len(classes)}.")
  atomic.write_text(out / "classes.json", json.dumps(classes, indent=2))
  logging.info("Classes (ids in order): %s", ", ".join(classes))


def _batch_norm_refresh(model, config):
  """With train.bn_refresh_batches > 0: G's batch-norm statistics re-estimated before every
  sample grid, evaluation and checkpoint (batch_norm_refresh.py)."""
  t = config.train
  if not t.get("bn_refresh_batches", 0):  # absent from runs that predate the field
    return None
  return batch_norm_refresh.BatchNormRefresh(
      model, (t.sample_every, t.checkpoint_every, config.eval.every), t.steps,
      t.bn_refresh_batches, _generator_batch(config), config.seed)


def _generator_batch(config):
  """The batch size of G's batch-norm estimates: the training batch, or its number of packs
  under PacGAN (the 100 of PacGAN's monitoring pass, whose training G draws 100 m)."""
  return config.train.batch_size // config.get("gan", {}).get("pack", 1)


def _eval_callback(model, config, out, writer):
  """The in-training evaluation of config.eval, or None when eval.every is 0. Its data and
  networks load now, so that a missing classifier fails before the first step."""
  if not config.eval.every:
    return None
  evaluator = runner.Evaluator(
      config.data, metrics=config_lib.eval_metrics(config), num_samples=config.eval.num_samples,
      seed=config.seed, inception_weights=config.eval.inception_weights or None,
      classifier_dir=config.eval.classifier_dir or None, progress=False)
  evaluator.prepare()
  return evaluation_callback.EvalCallback(
      model, evaluator, config.eval.every, out, checkpoint_for(model), writer,
      config_lib.eval_primary(config, evaluator.metrics), config.model_name, config.data.name,
      discriminator_probability(model))


def export_run(model, config, workdir, step):
  """Exports G (its EMA copy when the run keeps one) unless the newest export already
  holds this step."""
  model_dir = workdir / "export" / config.model_name
  latest = saved_model.latest_version_dir(model_dir)
  if latest is not None and saved_model.read_metadata(latest).get("step") == step:
    logging.info("Export of step %d already at %s.", step, latest)
    return latest
  try:
    path = saved_model.export_generator(
        model.sampling_generator(), model_dir, metadata=export_metadata(model, config, step),
        formats=config_lib.export_formats(config),
        tflite_quantize=config.export.get("tflite_quantize", "none"),
        **model.query_networks(config.export.discriminator))
  except saved_model.PortableFormatError as e:  # the run and its SavedModel are fine
    for name, reason in e.failures.items():
      logging.error("Export %s: %s not written: %s", e.path, name, reason)
    path = e.path
  logging.info("Exported the generator to %s.", path)
  return path


def export_checkpoint(workdir, export_dir=None, version=None, step=None, best=False,
                      discriminator=False, **limits):
  """What `zoo-export` does: G of the run in `workdir` (latest readable, `step`, or best
  checkpoint) to `export_dir/<model>/<version>` (default `workdir/export`, next version),
  with D when `discriminator`; `limits` are export_generator's (max_num, max_steps, ...)."""
  model, config, step = load_run(workdir, step, best=best)
  export_base = pathlib.Path(export_dir or pathlib.Path(workdir) / "export")
  return saved_model.export_generator(
      model.sampling_generator(), export_base / config.model_name, version=version,
      metadata=export_metadata(model, config, step), **limits,
      **model.query_networks(discriminator))


def export_metadata(model, config, step):
  """What an export records about its run in assets.extra/zoo.json."""
  meta = {"model": config.model_name, "step": step, "dataset": config.data.name,
          "kind": data.info(config.data.name).kind, "ema": model.ema is not None}
  if isinstance(model, ImageTranslation):  # the transform that makes its inputs
    meta["pairs"] = model.pairs_transform
  if isinstance(model, CycleGAN):
    meta["domains"] = [config.data.name, config.cyclegan.domain_b]
  return meta


def evaluation_source(workdir, step=None, best=False):
  """How evaluation reads a run: (its Source, the run's data config) at the latest
  readable, `step`, or best checkpoint."""
  model, config, step = load_run(workdir, step, best=best)
  return sources.from_model(model, config.model_name, config.data.name, step,
                            f"{workdir} (step {step})",
                            discriminator_probability(model)), config.data


def load_run(workdir, step=None, best=False):
  """The model of the run in `workdir` at its newest readable checkpoint (or at `step`, or
  the best one kept by the in-training evaluation), its config and its step."""
  workdir = pathlib.Path(workdir)
  config_path = workdir / "config.json"
  if not config_path.exists():
    raise errors.NotFoundError(f"{workdir} is not a training run (no config.json); pass the "
                               "--workdir given to zoo.train.")
  config = config_lib.from_stored(json.loads(config_path.read_text()))
  model = build_model(config, data.info(config.data.name).image_shape)
  if best:
    path = tf.train.latest_checkpoint(str(workdir / "best"))
    if path is None:
      raise errors.NotFoundError(f"No best checkpoint in {workdir / 'best'}: the run did not "
                                 "evaluate while training (config.eval.every = 0).")
    checkpoint_for(model).restore(path).assert_existing_objects_matched()
    return model, config, model.step
  checkpoint_dir = workdir / "checkpoints"
  kept = checkpoints.steps(checkpoint_dir)
  if not kept:
    raise errors.NotFoundError(f"No checkpoint in {checkpoint_dir}; train first.")
  if step is None:
    checkpoints.restore_newest_readable(lambda: checkpoint_for(model), checkpoint_dir)
    return model, config, model.step
  if step not in kept:
    raise errors.NotFoundError(f"No checkpoint of step {step} in {checkpoint_dir}; "
                               f"kept steps: {', '.join(map(str, sorted(kept)))}.")
  checkpoint_for(model).restore(kept[step]).assert_existing_objects_matched()
  return model, config, model.step
