"""One `zoo-benchmark` run: builds the model as `zoo-train` does, feeds it synthetic data
of the dataset's shape through the zoo's own input pipeline, and measures
(zoo/performance/measure.py); with data.source=folder or tfrecord, also the speed of that
path beside the training rate."""
import datetime
import os
import time

import keras
import tensorflow as tf

from zoo import data
from zoo.data import folder, pipeline, records
from zoo.performance import formats as formats_lib
from zoo.performance import measure as benchmarking
from zoo.training import distribute, trainer


def _flops(config, shape, per_step):
  """FLOPs of one train step and of G's forward pass per image, counted on a model built
  outside any strategy (the math is the same under all of them)."""
  model = trainer.build_model(config, shape, jit_compile=False)
  batch = (tf.TensorSpec((per_step, *shape)), tf.TensorSpec((per_step,), tf.int64))
  step = benchmarking.count_flops(lambda x, y: model.train_step((x, y)), *batch)
  labels = tf.zeros((config.train.batch_size,), tf.int32) if model.conditional else None
  forward = benchmarking.count_flops(
      lambda z: model.generator(z, labels=labels),
      tf.TensorSpec((config.train.batch_size, model.generator.latent_dim)))
  return step / per_step, forward / config.train.batch_size


def _own_data_rate(config, image_shape, per_step):
  """Images/s of the user's data path (data.source folder or tfrecord), or None: a folder's
  decode, resize and crop (done once per run), or the TFRecords streamed into batches."""
  if config.data.source == "folder":
    paths = folder.scan(config.data.path, config.data.test_fraction)[0]["train"][:2000]
    start = time.perf_counter()
    decoded, _ = folder.decode(paths, image_shape, config.data.resize)
    return {"source": "folder (decode, resize, crop)",
            "rate": len(decoded) / (time.perf_counter() - start)}
  if config.data.source == "tfrecord":
    stream, _, _, _ = records.stream(config.data, "train", image_shape)
    batches = pipeline.train_dataset(stream, None, per_step, config.data.shuffle_buffer, 0)
    return {"source": "TFRecords (read, decode, shuffle, batch)",
            "rate": benchmarking.dataset_rate(batches, batches=100) * per_step}
  return None


def _query_rates(generator, images=16, steps=500, restarts=4, calls=100):
  """`project` on 16 images x 500 steps beside G's forward+backward pass alone, in
  latent-steps/s (rows of z x steps)."""
  return {"project_images": images, "project_steps": steps, "project_restarts": restarts,
          "project_latent_steps_per_sec": benchmarking.projection_rate(
              generator, images, steps, restarts),
          "gradient_latent_steps_per_sec": benchmarking.gradient_rate(
              generator, images * restarts, calls)}


def run(config, strategy, steps=300, warmup=20, windows=5, formats=formats_lib.FORMATS,
        project_steps=500, serving_calls=100):
  """The figures of README "Performance", as a dict (the keys of `--json`)."""
  ds_info = data.info(config.data.name)
  per_step = trainer.examples_per_step(config)
  own_data = _own_data_rate(config, ds_info.image_shape, per_step)
  config.data.source = "synthetic"
  config.data.synthetic_examples = max(4096, 4 * per_step)
  images, labels, _ = data.load(config.data, "train", seed=config.seed)
  ceiling = benchmarking.matmul_gflops()
  flops_per_image, sample_flops_per_image = _flops(config, ds_info.image_shape, per_step)
  keras.utils.set_random_seed(config.seed)
  jit = distribute.use_jit(config.train.jit_compile, strategy)
  with strategy.scope():
    model = trainer.build_model(config, ds_info.image_shape, jit_compile=jit)
  dataset = pipeline.train_dataset(images, labels, per_step, config.data.shuffle_buffer,
                                   seed=config.seed)
  train = benchmarking.train_rates(model, dataset, warmup, steps, windows)
  data_rate = benchmarking.dataset_rate(dataset, batches=200) * per_step
  sample = benchmarking.sampling_rate(model.sampling_generator(), config.train.batch_size,
                                      serving_calls)
  checks = benchmarking.check_overhead(model.sampling_generator(), config.train.batch_size,
                                       2 * serving_calls)
  queries = (_query_rates(model.sampling_generator(), steps=project_steps, calls=serving_calls)
             if len(ds_info.image_shape) == 3 else {})
  by_format = (formats_lib.rates(model.sampling_generator(), formats=formats)
               if len(ds_info.image_shape) == 3 and formats else {})
  train_images = train["median"] * per_step
  result = {
      "model": config.model_name, "batch_size": config.train.batch_size,
      "examples_per_step": per_step, "jit_compile": jit,
      "strategy": type(strategy).__name__, "replicas": strategy.num_replicas_in_sync,
      "steps_per_execution": model.steps_per_execution,
      "timed_steps": train["steps"], "warmup_steps": warmup, "windows": windows,
      "train_steps_per_sec": train["median"],
      "train_images_per_sec": train_images,
      "train_images_per_sec_min": train["min"] * per_step,
      "train_images_per_sec_max": train["max"] * per_step,
      "flops_per_image": flops_per_image,
      "train_gflops_per_sec": train_images * flops_per_image / 1e9,
      "matmul_gflops_per_sec": ceiling["median"],
      "matmul_gflops_per_sec_max": ceiling["max"],
      "data_images_per_sec": data_rate,
      "sample_images_per_sec": sample["median"],
      "sample_flops_per_image": sample_flops_per_image,
      "sample_gflops_per_sec": sample["median"] * sample_flops_per_image / 1e9,
      "sample_check_overhead": checks,
      **queries,
      "formats": by_format,
      "peak_rss_mb": benchmarking.peak_rss_mb(),
      "own_data_source": own_data and own_data["source"],
      "own_data_images_per_sec": own_data and own_data["rate"],
      "tensorflow": tf.__version__, "keras": keras.__version__, "cpus": os.cpu_count(),
      "date": datetime.date.today().isoformat(),
  }
  return result


def _project_row(r):
  rate, ceiling = r["project_latent_steps_per_sec"], r["gradient_latent_steps_per_sec"]
  seconds = r["project_images"] * r["project_restarts"] * r["project_steps"] / rate
  return (f"{r['project_images']} images x {r['project_steps']} steps x "
          f"{r['project_restarts']} restarts in {seconds:.1f} s: {rate:,.0f} latent-steps/s, "
          f"{100 * rate / ceiling:.0f}% of G's forward+backward alone ({ceiling:,.0f})")


def _format_rows(by_format):
  """One row per export format: images/s at each batch size, and its runtime."""
  names = {"saved_model": "SavedModel", "tflite": "TFLite", "onnx": "ONNX", "tfjs": "TF.js"}
  rows = []
  for fmt, entry in by_format.items():
    if "error" in entry:
      rows.append((f"sample ({names.get(fmt, fmt)})", f"not measured: {entry['error']}"))
      continue
    speeds = [f"{rate:,.0f}" + (" images/s" if i == 0 else "") + f" at batch {batch}"
              for i, (batch, rate) in enumerate(entry["images_per_sec"].items())]
    rows.append((f"sample ({names[fmt]})", f"{', '.join(speeds)}; {entry['runtime']}"))
  return rows


def table(r):
  """The result as the table `zoo.benchmark` prints."""
  ceiling = r["matmul_gflops_per_sec"]
  pct = lambda gflops: f"{100 * gflops / ceiling:.0f}% of the matmul ceiling"
  rows = [
      ("training", f"{r['train_steps_per_sec']:.1f} steps/s, {r['train_images_per_sec']:,.0f} "
                   f"images/s (min {r['train_images_per_sec_min']:,.0f}, max "
                   f"{r['train_images_per_sec_max']:,.0f})"),
      ("training compute", f"{r['flops_per_image'] / 1e6:.1f} MFLOP/image, "
                           f"{r['train_gflops_per_sec']:.1f} GFLOP/s, "
                           f"{pct(r['train_gflops_per_sec'])}"),
      ("input pipeline", f"{r['data_images_per_sec']:,.0f} images/s "
                         f"({r['data_images_per_sec'] / r['train_images_per_sec']:.1f}x training)"),
      ("sampling (SavedModel)", f"{r['sample_images_per_sec']:,.0f} images/s at batch "
                                f"{r['batch_size']}, {r['sample_gflops_per_sec']:.1f} GFLOP/s, "
                                f"{pct(r['sample_gflops_per_sec'])}"),
      *([("your data", f"{r['own_data_images_per_sec']:,.0f} images/s, "
                       f"{r['own_data_source']} "
                       f"({r['own_data_images_per_sec'] / r['train_images_per_sec']:.1f}x "
                       "training)")] if r.get("own_data_source") else []),
      ("input checks", f"{100 * r['sample_check_overhead']:+.1f}% of a serving_default "
                       f"request at batch {r['batch_size']} (shape, finite latents, cap)"),
      *([("project (SavedModel)", _project_row(r))] if r.get("project_images") else []),
      *_format_rows(r.get("formats", {})),
      ("matmul ceiling", f"{ceiling:.1f} GFLOP/s (float32 2048x2048, XLA)"),
      ("peak memory", f"{r['peak_rss_mb']:,.0f} MB"),
  ]
  head = (f"{r['model']}: batch {r['batch_size']} ({r['examples_per_step']} real images per "
          f"step), jit_compile={r['jit_compile']}, steps_per_execution="
          f"{r['steps_per_execution']}, {r['strategy']} x{r['replicas']}, "
          f"{r['timed_steps']} timed steps in {r['windows']} windows after {r['warmup_steps']}")
  width = max(len(k) for k, _ in rows)
  return "\n".join([head] + [f"  {k.ljust(width)}  {v}" for k, v in rows])
