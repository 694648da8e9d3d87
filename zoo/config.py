"""Config defaults shared by every model, and validation that runs before training.

Model configs (`configs/<name>.py`) start from `base_config()` and fill in `model` and
`optimizer`. `validate` raises ConfigError naming the field and the fix.
"""
import ast
import json
import pathlib

import ml_collections

from zoo import errors
from zoo.objectives import losses
from zoo.models import base, registry
from zoo.data import SOURCES
from zoo.data import pairs
from zoo.data.folder import RESIZE_METHODS
from zoo.data.local import MNIST_COPIES
from zoo.objectives.augment import DIFFAUGMENT_OPS, POLICIES
from zoo.objectives.optimizers import ADAM_EPSILON
from zoo.objectives.translation import CONTENT_LOSSES
from zoo.data import DATASETS, info as data_info
from zoo.evaluation import metrics as eval_lib
from zoo.priors import PRIORS
from zoo.serving import portable

OPTIMIZERS = ("sgd", "adam")
# tf.distribute strategies by name (zoo/training/distribute.py builds them) and the
# train.jit_compile settings; here so that flags and validation need no TensorFlow.
STRATEGIES = ("default", "one_device", "mirrored", "multi_worker", "tpu")
JIT_SETTINGS = ("auto", "on", "off")


class ConfigError(errors.UserError, ValueError):
  """An invalid config value; the message names the field."""


# What a resumed run may change: when and what it logs, saves and evaluates, how fast it
# runs, where its data comes from. Everything else shaped the checkpoint or the training.
RESUMABLE = ("train.steps", "train.log_every", "train.sample_every", "train.checkpoint_every",
             "train.keep_checkpoints", "train.num_samples", "train.steps_per_execution",
             "train.jit_compile", "eval.", "export.", "data.source", "data.data_dir",
             "data.download", "data.shuffle_buffer", "data.synthetic_examples", "data.path")


def _flat(tree, prefix=""):
  out = {}
  for key, value in tree.items():
    if isinstance(value, dict):
      out.update(_flat(value, f"{prefix}{key}."))
    else:
      out[f"{prefix}{key}"] = value
  return out


def _merged(defaults, stored):
  out = dict(defaults)
  for key, value in stored.items():
    both = isinstance(value, dict) and isinstance(out.get(key), dict)
    out[key] = _merged(out[key], value) if both else value
  return out


def from_stored(stored):
  """A run's config.json (a dict), validated, with the fields the zoo gained since that run
  at their registered defaults (which leave new features off), so older runs still export,
  evaluate and resume."""
  try:
    defaults = registry.get(stored.get("model_name")).default_config().to_dict()
  except (registry.UnknownModelError, FileNotFoundError):
    defaults = {}  # validate() names the unknown model
  return validate(ml_collections.ConfigDict(_merged(defaults, stored)))


def resume_conflicts(requested, stored):
  """[(field, stored value, requested value)] for the fields of a config resumed from
  `stored` (the run's config.json, as a dict) that differ and may not change on resume.
  Fields the stored config does not have (added by a newer zoo) keep their defaults."""
  new = _flat(json.loads(requested.to_json_best_effort()))
  old = _flat(stored)
  fields = sorted(set(new) | set(old))
  return [(f, old.get(f), new.get(f)) for f in fields
          if f in old and old.get(f) != new.get(f) and not any(
              f == r or (r.endswith(".") and f.startswith(r)) for r in RESUMABLE)]


def base_config(model_name: str, dataset: str, kind: str = "gan") -> ml_collections.ConfigDict:
  """Defaults for a model of `kind` (registry.KINDS): a GAN gets `gan`, a GMMN `mmd`."""
  c = ml_collections.ConfigDict()
  c.model_name = model_name
  c.seed = 0
  c.data = dict(
      name=dataset,
      source="auto",          # auto | tfds | local | folder | tfrecord | synthetic (zoo/data)
      path="",                # source=folder: your images; tfrecord: what zoo-data packed
      test_fraction=0.1,      # source=folder without train/ and test/: held out by path hash
      resize="area",          # source=folder: how images are resized to the model's size
      flip=False,             # random horizontal flips of the training images
      data_dir="",            # TFDS data_dir; "" means TFDS's default (~/tensorflow_datasets)
      download=True,          # let TFDS download when no prepared or local copy exists
      local_copy="",          # mnist: "" the fullest installed, "mnist15k" the 15,000 digits
      shuffle_buffer=10_000,
      synthetic_examples=512,  # only for source=synthetic (tests)
  )
  if kind in ("gan", "ssgan"):
    c.gan = dict(generator_loss="non_saturating", discriminator_loss="minimax", d_steps=1,
                 gradient_penalty=0.0,
                 # Salimans et al. 2016 (objectives/gan.py, models/layers.py), all off:
                 feature_matching=False,   # G matches the mean of D's last hidden layer
                 label_smoothing=0.0,      # one-sided: D's real targets 1 - this (0.1 -> 0.9)
                 historical_averaging=0.0,  # lambda of ||theta - mean of past theta||^2
                 minibatch_kernels=0,      # B kernels of minibatch discrimination in D
                 minibatch_dims=5,         # C dimensions per kernel
                 virtual_batch_norm=0,     # N > 0: G's batch norm virtual, N reference latents
                 pack=1,                   # PacGAN (Lin et al. 2018): D sees m samples at once
                 unroll_steps=0,           # Unrolled GAN (Metz et al. 2017): G vs D + k steps
                 simultaneous=False)       # both players' updates from one pass (PacGAN's code)
  if kind == "gan":
    # Differentiable augmentation of D's inputs for small datasets (objectives/augment.py).
    c.augment = dict(policy="none", diffaugment="color,translation,cutout", ada_target=0.6,
                     ada_kimg=500.0, ada_interval=4)
  elif kind == "ssgan":  # semi-supervised (objectives/ssgan.py): G by feature matching
    c.gan.feature_matching = True
    c.data.labeled = 100    # labelled training images, balanced over classes, by seed
    c.data.unlabeled = 0    # unlabelled ones: 0 = every other training image; N: N, by seed
    c.data.unlabeled_includes_labeled = False  # improved-gan's: the labelled ones too
    c.data.separate_g_batch = False  # G's feature matching on its own unlabelled batch
    c.ssl = dict(unlabeled_weight=1.0,  # 0: D learns from the labelled images alone
                 classifier_ema=0.999)  # decay of the Polyak average the test error uses
  if kind == "translation":  # image-to-image (objectives/translation.py, data/pairs.py)
    c.translation = dict(pairs="downscale:4", content="l1", content_weight=1.0,
                         adversarial_weight=1e-3, generator_loss="non_saturating",
                         discriminator_loss="minimax",
                         # > 0: + this x the zoo classifier's feature loss (SRGAN's VGG loss)
                         feature_weight=0.0,
                         relativistic=False,  # ESRGAN's relativistic average D
                         init_generator="")  # a run's workdir: G starts from its checkpoint
  elif kind == "cyclegan":  # unpaired image-to-image (objectives/cyclegan.py)
    c.cyclegan = dict(domain_b="fashion_mnist", cycle_weight=10.0, identity_weight=0.5,
                      pool_depth=2)  # steps of generated images D may see again
  elif kind == "gmmn":
    c.mmd = dict(bandwidths=(2.0, 5.0, 10.0, 20.0, 40.0, 80.0))  # Gaussian kernel widths
  c.train = dict(
      steps=1000,
      batch_size=100,
      log_every=100,          # scalars to the log and TensorBoard
      sample_every=1000,      # PNG grid from a fixed noise batch
      checkpoint_every=1000,  # a killed run loses at most this many steps
      keep_checkpoints=3,
      num_samples=64,
      jit_compile="auto",     # auto | on | off (auto: XLA on GPU/TPU, oneDNN kernels on CPU)
      steps_per_execution=10,  # train steps per call into TensorFlow (divides steps, *_every)
      mixed_precision="",     # "" (float32) | mixed_bfloat16 | mixed_float16 (for GPUs/TPUs)
      ema_decay=0.0,          # > 0: keep an EMA of G's weights for samples and export
      ema_bn_batches=50,      # batches (of G's batch) that set the EMA copy's batch-norm
                              # statistics at its weights; 0: copy the live G's
      bn_refresh_batches=0,   # > 0: re-estimate G's batch-norm statistics from this many
                              # batches before samples, evaluations, checkpoints (PacGAN's)
  )
  c.eval = dict(
      every=0,                # > 0: evaluate every this many steps, keep the best checkpoint
      metrics="",             # comma-separated (zoo/evaluation/metrics.py); "" = dataset's defaults
      primary="",             # the report key that picks the best checkpoint; "" = first metric's
      num_samples=10_000,
      classifier_dir="",      # "" = $ZOO_DATA_HOME/classifiers/<dataset>
      inception_weights="",   # "" = Keras's cache or download
  )
  c.export = dict(
      enabled=True,
      discriminator=False,    # carry D for inpaint's prior loss (doubles a GAN export's size)
      formats="saved_model",  # comma-separated: also tflite, onnx, tfjs (README "Portable")
      tflite_quantize="none",  # or float16 (TFLite weights)
  )
  return c


def eval_metrics(config):
  """config.eval.metrics as a list of names, or the dataset's defaults."""
  names = [m.strip() for m in config.eval.metrics.split(",") if m.strip()]
  if names:
    return names
  return eval_lib.defaults(data_info(config.data.name),
                           own_data=config.data.source in ("folder", "tfrecord"))


def eval_primary(config, metrics):
  """The report key that decides the best checkpoint."""
  return config.eval.primary or eval_lib.METRICS[metrics[0]].keys[0]


def shrink_for_tests(c, **model):
  """The `small` size of every config: tiny networks (`model` fields overridden), batches and
  step counts. The training mechanics stay the default run's (steps per execution, EMA,
  strategies): a test of a small config must exercise what the default run does."""
  if "translation" not in c and "cyclegan" not in c:  # translators have no latent
    c.model.latent_dim = 8
  c.model.update(model)
  every = c.train.steps_per_execution
  c.train.update(steps=2 * every, batch_size=8, log_every=every, sample_every=every,
                 checkpoint_every=every, num_samples=4)
  c.data.shuffle_buffer = 64
  if c.eval.every:  # models that evaluate while training do it at every checkpoint
    c.eval.update(every=every, num_samples=64)
  return c


_BOOLS = {"true": True, "t": True, "1": True, "false": False, "f": False, "0": False}


def override(config, field, value):
  """Sets config.FIELD = value as `--config.FIELD=VALUE` does: the field must exist and keep
  its type (a string value is parsed as the command line parses it). ConfigError otherwise."""
  *parents, leaf = field.split(".")
  node = config
  try:
    for key in parents:
      node = node[key]
    current = node[leaf]
  except (KeyError, TypeError):
    raise ConfigError(f"config.{field} does not exist (no such field in "
                      f"{config.get('model_name', 'the')} config).") from None
  if isinstance(value, str) and isinstance(current, bool) and value.lower() in _BOOLS:
    value = _BOOLS[value.lower()]  # absl's spellings: true/false, t/f, 1/0, any case
  elif isinstance(value, str) and not isinstance(current, str):
    try:
      value = ast.literal_eval(value)
    except (ValueError, SyntaxError):
      pass  # the type check below names the field
  if isinstance(current, tuple) and isinstance(value, list):
    value = tuple(value)
  try:
    node[leaf] = value
  except (TypeError, ValueError) as e:
    raise ConfigError(f"config.{field} cannot be {value!r}: {e}") from None


def optimizer_config(name="sgd", learning_rate=0.1, momentum=0.5, beta_1=0.5, beta_2=0.999,
                     epsilon=ADAM_EPSILON, epsilon_in_root=False):
  """An optimizer's fields; `epsilon` is Adam's (Keras's default 1e-7), added to the bias-
  corrected v under the square root with `epsilon_in_root` (Theano-era code's Adam,
  optimizers.RootEpsilonAdam) instead of to Keras's sqrt(v)."""
  return dict(name=name, learning_rate=learning_rate, momentum=momentum, beta_1=beta_1,
              beta_2=beta_2, epsilon=epsilon, epsilon_in_root=epsilon_in_root)


def load_sibling(config_file, name):
  """The module `configs/<name>.py` next to `config_file`, for configs that extend another."""
  return registry.load_config_module(pathlib.Path(config_file).with_name(f"{name}.py"))


def _check_virtual_batch_norm(config):
  """Builds the (unbuilt, weightless) generator to ask whether its family supports VBN."""
  spec = registry.get(config.model_name)
  try:
    generator, _ = spec.build(config.model, data_info(config.data.name).image_shape)
    base.with_virtual_batch_norm(generator, config.gan.virtual_batch_norm)
  except ValueError as e:
    _fail("gan.virtual_batch_norm", config.gan.virtual_batch_norm,
          f"cannot apply to {config.model_name} ({str(e).rstrip('.')})")


def _fail(field, value, need):
  raise ConfigError(f"config.{field} {need}, got {value!r}. Override it with "
                    f"--config.{field}=VALUE.")


def _positive_int(config, field):
  value = _lookup(config, field)
  if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
    _fail(field, value, "must be a positive integer")


def _non_negative_int(config, field, zero_means):
  value = _lookup(config, field)
  if isinstance(value, bool) or not isinstance(value, int) or value < 0:
    _fail(field, value, f"must be an integer >= 0 ({zero_means})")


def _choice(config, field, choices):
  value = _lookup(config, field)
  if value not in choices:
    _fail(field, value, f"must be one of {sorted(choices)}")


def _lookup(config, field):
  for key in field.split("."):
    config = config[key]
  return config


def _validate_eval(config):
  if "eval" not in config:
    return
  _non_negative_int(config, "eval.every", "0 turns evaluation off")
  _positive_int(config, "eval.num_samples")
  metrics = eval_metrics(config)
  ds_info = data_info(config.data.name)
  try:
    eval_lib.check(metrics, ds_info.name, ds_info.kind)
  except ValueError as e:
    _fail("eval.metrics", config.eval.metrics, f"must name metrics for this dataset ({e})")
  keys = [k for m in metrics for k in eval_lib.METRICS[m].keys]
  if config.eval.primary and config.eval.primary not in keys:
    _fail("eval.primary", config.eval.primary, f"must be one of {keys}")


MIXED_PRECISION = ("", "mixed_bfloat16", "mixed_float16")


def _validate_execution(config):
  _choice(config, "train.mixed_precision", MIXED_PRECISION)
  if config.train.mixed_precision == "mixed_float16" and "gan" not in config and "mmd" not in config:
    _fail("train.mixed_precision", "mixed_float16", "must be mixed_bfloat16 or '' for a VAE "
          "(one loss trains encoder and decoder with two optimizers, each with its own float16 "
          "loss scale)")
  jit = config.train.jit_compile
  if str(jit).lower() not in JIT_SETTINGS + ("true", "false"):
    _fail("train.jit_compile", jit, f"must be one of {list(JIT_SETTINGS)}")
  _positive_int(config, "train.steps_per_execution")
  n = config.train.steps_per_execution
  fields = ["train.steps", "train.log_every", "train.sample_every", "train.checkpoint_every"]
  fields += ["eval.every"] if "eval" in config and config.eval.every else []
  for field in fields:
    if _lookup(config, field) % n:
      _fail("train.steps_per_execution", n, f"must divide config.{field} "
            f"({_lookup(config, field)}): callbacks and checkpoints run between executions")


def _validate_data(config):
  data = config.data
  if data.get("resize") is not None:
    _choice(config, "data.resize", RESIZE_METHODS)
  if data.get("local_copy"):
    if data.name != "mnist":
      _fail("data.local_copy", data.local_copy, f'must be "" for {data.name}: only mnist has '
            "more than one local copy")
    _choice(config, "data.local_copy", MNIST_COPIES)
  if data.source not in ("folder", "tfrecord", "paired_folder"):
    return
  if data_info(data.name).kind != "image":
    _fail("data.source", data.source, f"is for image models; {data.name} generates points")
  if not data.path:
    _fail("data.path", data.path, f"must name a folder with data.source={data.source}")
  if not 0 <= data.test_fraction < 1:
    _fail("data.test_fraction", data.test_fraction, "must be in [0, 1)")


def export_formats(config):
  """config.export.formats as a list of names."""
  return [f.strip() for f in config.export.get("formats", "saved_model").split(",") if f.strip()]


def _validate_export(config):
  if "export" not in config:
    return
  if not set(export_formats(config)) <= set(portable.FORMATS):
    _fail("export.formats", config.export.formats,
          f"must be a comma-separated subset of {','.join(portable.FORMATS)}")
  quantize = config.export.get("tflite_quantize", "none")
  if quantize not in portable.QUANTIZE:
    _fail("export.tflite_quantize", quantize, f"must be one of {list(portable.QUANTIZE)}")


def _validate_translation(config):
  t = config.translation
  try:
    transform = pairs.parse(t.pairs)
    transform.input_shape(data_info(config.data.name).image_shape)
  except pairs.PairTransformError as e:
    _fail("translation.pairs", t.pairs, f"must name a pair transform that fits the data ({e})")
  if transform.paired != (config.data.source == "paired_folder"):
    _fail("translation.pairs", t.pairs, "must be paired[:K] with data.source=paired_folder "
          "(and only then): the inputs come with the data")
  if transform.factor != config.model.get("scale", transform.factor):
    _fail("translation.pairs", t.pairs, f"must downscale by config.model.scale "
          f"({config.model.scale}), the generator's upscaling factor")
  _choice(config, "translation.content", CONTENT_LOSSES)
  _choice(config, "translation.generator_loss", losses.GENERATOR_LOSSES)
  _choice(config, "translation.discriminator_loss", losses.DISCRIMINATOR_LOSSES)
  if t.get("relativistic") and t.discriminator_loss != "minimax":
    _fail("translation.relativistic", t.relativistic, "needs translation.discriminator_loss="
          "minimax (ESRGAN's relativistic average D)")
  if not t.get("feature_weight", 0.0) >= 0:
    _fail("translation.feature_weight", t.feature_weight, "must be >= 0 (0 turns it off)")
  if not (t.content_weight >= 0 and t.adversarial_weight >= 0
          and t.content_weight + t.adversarial_weight > 0):
    _fail("translation.adversarial_weight", t.adversarial_weight, "and translation."
          "content_weight must be >= 0, not both 0")


def _validate_cyclegan(config):
  cycle = config.cyclegan
  b = data_info(cycle.domain_b) if cycle.domain_b in DATASETS else None
  if b is None or b.kind != "image" or b.image_shape != data_info(config.data.name).image_shape:
    shape = data_info(config.data.name).image_shape
    same = [n for n, d in DATASETS.items() if d.image_shape == shape and n != config.data.name]
    _fail("cyclegan.domain_b", cycle.domain_b, f"must be an image dataset of the shape of "
          f"{config.data.name}: one of {same}")
  if not (cycle.cycle_weight >= 0 and cycle.identity_weight >= 0 and cycle.pool_depth >= 0):
    _fail("cyclegan.cycle_weight", cycle.cycle_weight, "and cyclegan.identity_weight, "
          "cyclegan.pool_depth must be >= 0")
  if config.data.source in ("folder", "tfrecord"):
    _fail("data.source", config.data.source, "must name the zoo's datasets for CycleGAN "
          "(two folders of unpaired images are not supported yet)")


def validate(config):
  """Checks every field a run depends on; raises ConfigError naming the first bad one."""
  try:
    registry.get(config.model_name)
  except registry.UnknownModelError as e:
    raise ConfigError(f"config.model_name: {e}") from None
  for field in ("train.steps", "train.batch_size", "train.log_every", "train.sample_every",
                "train.checkpoint_every", "train.keep_checkpoints", "train.num_samples",
                "data.shuffle_buffer", "data.synthetic_examples"):
    _positive_int(config, field)
  _choice(config, "data.source", SOURCES)
  _validate_data(config)
  if "translation" in config:
    _validate_translation(config)
  elif "cyclegan" in config:
    _validate_cyclegan(config)
  else:
    _positive_int(config, "model.latent_dim")
    _choice(config, "model.prior", PRIORS)
    if not 0 <= config.model.get("g_bn_momentum", 0.99) < 1:
      _fail("model.g_bn_momentum", config.model.g_bn_momentum, "must be in [0, 1)")
    if not config.model.get("g_bn_epsilon", 1e-3) > 0:
      _fail("model.g_bn_epsilon", config.model.g_bn_epsilon, "must be > 0")
  _non_negative_int(config, "train.bn_refresh_batches", "0 turns it off")
  refresh = config.train.bn_refresh_batches
  if refresh and ("translation" in config or "cyclegan" in config):
    _fail("train.bn_refresh_batches", refresh, "must be 0 for image-to-image models")
  _non_negative_int(config, "train.ema_bn_batches", "0 copies the live G's statistics")
  if not 0 <= config.train.ema_decay < 1:
    _fail("train.ema_decay", config.train.ema_decay, "must be in [0, 1) (0 turns EMA off)")
  if "gan" in config:
    _positive_int(config, "gan.d_steps")
    _choice(config, "gan.generator_loss", losses.GENERATOR_LOSSES)
    _choice(config, "gan.discriminator_loss", losses.DISCRIMINATOR_LOSSES)
    if not config.gan.gradient_penalty >= 0:
      _fail("gan.gradient_penalty", config.gan.gradient_penalty, "must be >= 0")
    if not 0 <= config.gan.label_smoothing < 1:
      _fail("gan.label_smoothing", config.gan.label_smoothing, "must be in [0, 1)")
    if config.gan.label_smoothing and config.gan.discriminator_loss != "minimax":
      _fail("gan.label_smoothing", config.gan.label_smoothing,
            "smooths the minimax loss's real targets: set gan.discriminator_loss=minimax")
    if not config.gan.historical_averaging >= 0:
      _fail("gan.historical_averaging", config.gan.historical_averaging, "must be >= 0")
    if config.gan.pack < 1 or config.train.batch_size % config.gan.pack:
      _fail("gan.pack", config.gan.pack, f"must be >= 1 and divide train.batch_size "
            f"({config.train.batch_size})")
    if config.gan.pack > 1 and (config.gan.gradient_penalty or "num_classes" in config.model):
      _fail("gan.pack", config.gan.pack, "must be 1 with a gradient penalty or a "
            "conditional model")
    if config.gan.unroll_steps < 0 or (config.gan.unroll_steps and config.gan.feature_matching):
      _fail("gan.unroll_steps", config.gan.unroll_steps, "must be >= 0, and 0 with "
            "gan.feature_matching (both replace G's loss)")
    if config.gan.simultaneous and (config.gan.d_steps != 1 or config.gan.unroll_steps
                                    or config.gan.feature_matching or "ssl" in config):
      _fail("gan.simultaneous", config.gan.simultaneous, "takes one D step and G's "
            "adversarial loss from one pass: needs gan.d_steps=1, gan.unroll_steps=0, "
            "gan.feature_matching=False and a model that is not semi-supervised")
    if config.gan.virtual_batch_norm < 0:
      _fail("gan.virtual_batch_norm", config.gan.virtual_batch_norm,
            "must be >= 0 (0 turns it off; N > 0 is the reference batch's size)")
    if config.gan.virtual_batch_norm > 0:
      _check_virtual_batch_norm(config)
    if config.gan.minibatch_kernels < 0 or config.gan.minibatch_dims < 1:
      _fail("gan.minibatch_kernels", config.gan.minibatch_kernels,
            "must be >= 0 (0 turns it off), with gan.minibatch_dims >= 1")
  if "augment" in config:
    _choice(config, "augment.policy", POLICIES)
    ops = [o.strip() for o in config.augment.diffaugment.split(",") if o.strip()]
    if not set(ops) <= set(DIFFAUGMENT_OPS):
      _fail("augment.diffaugment", config.augment.diffaugment,
            f"must be a comma-separated subset of {','.join(DIFFAUGMENT_OPS)}")
    if config.augment.policy != "none" and data_info(config.data.name).kind != "image":
      _fail("augment.policy", config.augment.policy, "must be 'none' for models of points")
    _positive_int(config, "augment.ada_interval")
    if not 0 < config.augment.ada_target < 1 or not config.augment.ada_kimg > 0:
      _fail("augment.ada_target", config.augment.ada_target,
            "must be in (0, 1), with augment.ada_kimg > 0")
  if "ssl" in config:
    classes = data_info(config.data.name).num_classes
    if config.data.labeled <= 0 or config.data.labeled % max(classes, 1):
      _fail("data.labeled", config.data.labeled, f"must be a positive multiple of the "
            f"{classes} classes (the same number of labels per class)")
    if config.data.unlabeled < 0:
      _fail("data.unlabeled", config.data.unlabeled, "must be >= 0 (0: every training image "
            "that is not labelled)")
    if not 0 < config.ssl.classifier_ema < 1:
      _fail("ssl.classifier_ema", config.ssl.classifier_ema, "must be in (0, 1)")
    if not config.ssl.unlabeled_weight >= 0:
      _fail("ssl.unlabeled_weight", config.ssl.unlabeled_weight, "must be >= 0")
  if "mmd" in config and not (config.mmd.bandwidths and min(config.mmd.bandwidths) > 0):
    _fail("mmd.bandwidths", config.mmd.bandwidths, "must be positive kernel widths")
  _validate_eval(config)
  _validate_execution(config)
  _validate_export(config)
  for side in config.optimizer:
    _choice(config, f"optimizer.{side}.name", OPTIMIZERS)
    if not config.optimizer[side].learning_rate > 0:
      _fail(f"optimizer.{side}.learning_rate", config.optimizer[side].learning_rate,
            "must be > 0")
    if not 0 <= config.optimizer[side].momentum < 1:
      _fail(f"optimizer.{side}.momentum", config.optimizer[side].momentum, "must be in [0, 1)")
    if not config.optimizer[side].get("epsilon", ADAM_EPSILON) > 0:
      _fail(f"optimizer.{side}.epsilon", config.optimizer[side].epsilon, "must be > 0")
    if not isinstance(config.optimizer[side].get("epsilon_in_root", False), bool):
      _fail(f"optimizer.{side}.epsilon_in_root", config.optimizer[side].epsilon_in_root,
            "must be True or False")
  return config
