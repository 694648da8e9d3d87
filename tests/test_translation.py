"""Image-to-image models: pair transforms against numpy, sub-pixel upsampling, the content
and adversarial losses, training, the `translate` export without zoo, and the commands."""
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo.data import pairs
from zoo.evaluation import translation as evaluation
from zoo.models import registry, srgan
from zoo.objectives import translation
from zoo.serving import saved_model
from zoo.training import trainer

RNG = np.random.default_rng(0)


def test_downscale_is_the_block_mean():
  x = RNG.uniform(size=(2, 28, 28, 3)).astype(np.float32)
  out = pairs.parse("downscale:4")(x).numpy()
  expected = x.reshape(2, 7, 4, 7, 4, 3).mean(axis=(2, 4))
  np.testing.assert_allclose(out, expected, atol=1e-6)
  assert pairs.parse("downscale:4").input_shape((28, 28, 3)) == (7, 7, 3)


def test_edges_and_center_mask():
  x = np.zeros((1, 8, 8, 1), np.float32)
  x[:, :, 4:] = 1.0  # a vertical step: edges only in the columns beside it
  edges = pairs.parse("edges")(x).numpy()[0, :, :, 0]
  assert edges.max() == pytest.approx(1.0) and np.all(edges[:, [0, 1, 6, 7]] == 0)
  assert np.all(edges[1:-1, 3:5] > 0)
  masked = pairs.parse("mask:center")(np.ones((1, 8, 8, 2), np.float32)).numpy()
  assert np.all(masked[0, 2:6, 2:6] == 0) and masked.sum() == 2 * (64 - 16)


@pytest.mark.parametrize("name,why", [("downscale:1", "known"), ("blur", "known"),
                                      ("downscale:3", "divisible by 3")])
def test_bad_transforms_are_named(name, why):
  with pytest.raises(pairs.PairTransformError, match=why):
    pairs.parse(name).input_shape((28, 28, 1))


def test_sub_pixel_upsampling_moves_channels_to_2x2_blocks():
  x = np.arange(2 * 3 * 3 * 8, dtype=np.float32).reshape(2, 3, 3, 8)
  out = np.asarray(keras.ops.depth_to_space(x, 2))
  expected = x.reshape(2, 3, 3, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5).reshape(2, 6, 6, 2)
  np.testing.assert_array_equal(out, expected)


def test_srresnet_contract_and_bad_scales():
  g = srgan.SRResNetGenerator((7, 7, 1), (28, 28, 1), width=4, blocks=1)
  out = np.asarray(g(RNG.uniform(size=(3, 7, 7, 1)).astype(np.float32)))
  assert out.shape == (3, 28, 28, 1) and 0 <= out.min() <= out.max() <= 1
  assert g.stages == 2
  with pytest.raises(ValueError, match="power of 2"):
    srgan.SRResNetGenerator((7, 7, 1), (21, 21, 1))


def test_content_loss_formulas():
  a, b = RNG.uniform(size=(2, 4, 4, 1)), RNG.uniform(size=(2, 4, 4, 1))
  a, b = a.astype(np.float32), b.astype(np.float32)
  np.testing.assert_allclose(translation.content_loss(a, b, "l1"),
                             np.abs(a - b).reshape(2, -1).mean(1), rtol=1e-6)
  np.testing.assert_allclose(translation.content_loss(a, b, "l2"),
                             np.square(a - b).reshape(2, -1).mean(1), rtol=1e-6)


def _model(adversarial_weight):
  config = helpers.small_config("mnist_srgan_x4")
  config.translation.adversarial_weight = adversarial_weight
  keras.utils.set_random_seed(0)
  return config, trainer.build_model(config, (28, 28, 1), jit_compile=False)


def _fit(model, config, images, executions=1):
  ds = tf.data.Dataset.from_tensors((images, np.zeros(len(images), np.int64))).repeat()
  return model.fit(ds, steps_per_epoch=config.train.steps_per_execution, epochs=executions,
                   verbose=0).history


def test_content_only_training_learns_and_leaves_d_alone():
  config, model = _model(0.0)
  targets = RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32)
  d_before = [np.asarray(v) for v in model.discriminator.trainable_variables]
  history = _fit(model, config, targets, executions=3)
  assert history["content"][-1] < history["content"][0]
  assert int(model.d_optimizer.iterations) == 0
  for before, after in zip(d_before, model.discriminator.trainable_variables):
    np.testing.assert_array_equal(before, after)


def test_generator_objective_is_content_plus_weighted_non_saturating_loss():
  targets = RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32)
  config, model = _model(0.5)
  sources = model.transform(targets)
  per_example, content = model.generator_objective(sources, targets, training=False)
  fake = np.asarray(model.generator(sources, training=False))
  logits = np.asarray(model.discriminator(fake, training=False))
  l1 = np.abs(fake - targets).reshape(8, -1).mean(1)
  np.testing.assert_allclose(content, l1, rtol=1e-5)
  np.testing.assert_allclose(per_example, l1 + 0.5 * np.log1p(np.exp(-logits)), rtol=1e-5)
  _fit(model, config, targets)  # and a step trains D once per G step
  assert int(model.d_optimizer.iterations) == config.train.steps_per_execution


def test_feature_loss_adds_the_weighted_feature_distance():
  config = helpers.small_config("mnist_srgan_x4")
  keras.utils.set_random_seed(0)
  generator, discriminator = registry.get("mnist_srgan_x4").build(config.model, (28, 28, 1))
  features = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(5)])
  model = translation.ImageTranslation(generator, discriminator, adversarial_weight=0.0,
                                       feature_weight=0.3, feature_network=features)
  targets = RNG.uniform(size=(4, 28, 28, 1)).astype(np.float32)
  sources = model.transform(targets)
  per_example, content = model.generator_objective(sources, targets, training=False)
  fake = np.asarray(generator(sources))
  distance = np.mean(np.square(np.asarray(features(fake)) - np.asarray(features(targets))), 1)
  np.testing.assert_allclose(per_example, np.asarray(content) + 0.3 * distance, rtol=1e-5)
  with pytest.raises(ValueError, match="needs a feature_network"):
    translation.ImageTranslation(generator, discriminator, feature_weight=0.3)


def test_translate_export_in_a_process_without_zoo(tmp_path):
  g = srgan.SRResNetGenerator((7, 7, 1), (28, 28, 1), width=4, blocks=1)
  x = RNG.uniform(size=(3, 7, 7, 1)).astype(np.float32)
  expected = np.asarray(g(x))
  path = saved_model.export_generator(g, tmp_path / "sr", max_num=4,
                                      metadata={"pairs": "downscale:4", "dataset": "mnist"})
  meta = saved_model.read_metadata(path)
  assert meta["kind"] == "translation" and meta["source_shape"] == [7, 7, 1]
  out = helpers.run_image_signatures_without_zoo(path, x, ["translate", "serving_default"], 4,
                                                 tmp_path)
  np.testing.assert_allclose(np.array(out["translate"]["images"]), expected, atol=1e-5)
  assert out["translate"]["images"] == out["serving_default"]["images"]


def test_train_evaluate_and_generate_commands(tmp_path):
  """zoo.train, zoo.evaluate (PSNR, SSIM, bicubic beside) and zoo.generate --dataset and
  --translate on a small run."""
  work = tmp_path / "run"
  helpers.run_python("-m", "zoo.train", "--model=mnist_srgan_x4",
                     "--config=configs/mnist_srgan_x4.py:small", "--config.data.source=synthetic",
                     f"--workdir={work}")
  export = work / "export" / "mnist_srgan_x4" / "1"
  assert saved_model.read_metadata(export)["pairs"] == "downscale:4"
  report_path = tmp_path / "report.json"
  helpers.run_python("-m", "zoo.evaluate", f"--saved_model={export}", "--data_source=synthetic",
                     "--num_samples=20", f"--out={report_path}",
                     "--classifier_dir=" + str(tmp_path / "none"))
  report = json.loads(report_path.read_text())
  assert report["num_samples"] == 20 and report["transform"] == "downscale:4"
  assert {"psnr", "ssim"} <= set(report) and "bicubic" in report["baselines"]
  grid = tmp_path / "grid.png"
  helpers.run_python("-m", "zoo.generate", f"--saved_model={export}", "--num=3",
                     "--dataset=mnist", f"--out={grid}")  # the offline test digits
  assert tf.io.decode_png(tf.io.read_file(str(grid))).shape[:2] == (88, 88)  # 3 x 3 panels
  image = np.zeros((28, 28, 1), np.uint8)
  image[8:20, 12:16] = 255
  png = tmp_path / "digit.png"
  png.write_bytes(tf.io.encode_png(image).numpy())
  helpers.run_python("-m", "zoo.generate", f"--saved_model={export}", f"--translate={png}",
                     f"--out={grid}")
  written = tf.io.decode_png(tf.io.read_file(str(grid))).numpy()
  assert written.shape[:2] == (30, 88)  # one row: input | output | target, 1-pixel borders
  bad = helpers.run_python("-m", "zoo.generate", f"--saved_model={export}",
                           f"--translate={tmp_path / 'grid.png'}", f"--out={grid}", check=False)
  assert bad.returncode != 0 and "translates 7x7 inputs" in bad.stderr


def test_psnr_and_ssim_of_the_evaluation_match_their_definitions():
  targets = RNG.uniform(size=(4, 16, 16, 1)).astype(np.float32)
  outputs = np.clip(targets + RNG.normal(0, 0.1, targets.shape), 0, 1).astype(np.float32)
  report = evaluation.scores(outputs, targets, None, None)
  mse = np.square(outputs - targets).reshape(4, -1).mean(1)
  assert report["psnr"] == pytest.approx(np.mean(10 * np.log10(1 / mse)), rel=1e-4)
  assert evaluation.scores(targets, targets, None, None)["ssim"] == pytest.approx(1.0)


def _cyclegan(**cyclegan):
  config = helpers.small_config("cyclegan_mnist_fashion")
  config.cyclegan.update(cyclegan)
  keras.utils.set_random_seed(0)
  return config, trainer.build_model(config, (28, 28, 1), jit_compile=False)


def test_cycle_and_identity_terms_are_zero_for_identity_generators():
  _, model = _cyclegan()
  a, b = (RNG.uniform(size=(4, 28, 28, 1)).astype(np.float32) for _ in range(2))
  terms = model.generator_terms(a, b, training=False)
  assert np.all(np.asarray(terms["cycle"]) > 0)
  g = model.generator
  np.testing.assert_allclose(terms["cycle"], np.abs(np.asarray(g.backward(g.forward(a))) - a)
                             .reshape(4, -1).mean(1) + np.abs(np.asarray(
                                 g.forward(g.backward(b))) - b).reshape(4, -1).mean(1),
                             rtol=1e-5)
  g.forward = g.backward = lambda x, training=False: x
  terms = model.generator_terms(a, b, training=False)
  np.testing.assert_array_equal(terms["cycle"], 0.0)
  np.testing.assert_array_equal(terms["identity"], 0.0)


def test_image_pool_returns_older_images_only_once_full():
  _, model = _cyclegan(pool_depth=2)
  pool = model.pools["b"]
  assert tuple(pool.shape) == (2, 8, 28, 28, 1)
  older = RNG.uniform(size=(2, 8, 28, 28, 1)).astype(np.float32)
  pool.assign(older)
  fake = np.zeros((8, 28, 28, 1), np.float32)
  # Image i: from the pool when u0 < 1/2, from depth floor(u1 * 2).
  u = np.array([[0.1, 0.2], [0.1, 0.9], [0.7, 0.9]] + [[0.9, 0.0]] * 5, np.float32)
  model._pool_uniforms = lambda x, salt: tf.constant(u)
  np.testing.assert_array_equal(model._from_pool("b", fake, 0), fake)  # step 0: not full
  model.g_optimizer.iterations.assign(2)
  seen = np.asarray(model._from_pool("b", fake, 0))
  np.testing.assert_array_equal(seen[0], older[0, 0])
  np.testing.assert_array_equal(seen[1], older[1, 1])
  np.testing.assert_array_equal(seen[2:], fake[2:])
  model.g_optimizer.iterations.assign(3)
  model._store("b", fake + 0.5)  # the slot of step 3: depth 1
  np.testing.assert_array_equal(np.asarray(pool)[1], fake + 0.5)
  np.testing.assert_array_equal(np.asarray(pool)[0], older[0])


def test_cyclegan_exports_both_directions(tmp_path):
  _, model = _cyclegan()
  g = model.generator
  path = saved_model.export_generator(g, tmp_path / "cycle", metadata={"dataset": "mnist"})
  loaded = tf.saved_model.load(str(path))
  x = RNG.uniform(size=(2, 28, 28, 1)).astype(np.float32)
  for name, network in (("translate_a_to_b", g.forward), ("translate_b_to_a", g.backward),
                        ("translate", g.forward)):
    np.testing.assert_allclose(loaded.signatures[name](images=tf.constant(x))["images"],
                               network(x), atol=1e-5)
  assert saved_model.read_metadata(path)["signatures"] == [
      "translate", "serving_default", "translate_a_to_b", "translate_b_to_a"]


def test_cyclegan_trains_on_two_offline_domains(tmp_path):
  config = helpers.small_config("cyclegan_mnist_fashion", steps=10)
  config.data.source = "local"  # MNIST and Fashion-MNIST copies from tools/setup.sh
  images, _, source = trainer.load_training_data(config)
  assert images.shape[1:] == (28, 28, 2) and "B: LOCAL COPY of fashion_mnist" in source
  run = trainer.train(config, tmp_path)
  assert run.step == 10 and np.isfinite(run.model.get_metrics_result()["cycle"])
  assert saved_model.read_metadata(run.export_path)["domains"] == ["mnist", "fashion_mnist"]


def test_srgan_can_start_from_a_trained_srresnet(tmp_path):
  config = helpers.small_config("mnist_srgan_x4")
  config.translation.adversarial_weight = 0.0  # SRResNet: the content loss alone
  first = trainer.train(config, tmp_path / "srresnet")
  gan_config = helpers.small_config("mnist_srgan_x4")
  gan_config.translation.init_generator = str(tmp_path / "srresnet")
  model = trainer.build_model(gan_config, (28, 28, 1))
  trainer._init_generator(model, gan_config.translation.init_generator)
  for mine, theirs in zip(model.generator.get_weights(), first.model.generator.get_weights()):
    np.testing.assert_array_equal(mine, theirs)
  gan_config.model.g_width = 8
  with pytest.raises(Exception, match="does not fit this model"):
    trainer._init_generator(trainer.build_model(gan_config, (28, 28, 1)), str(tmp_path / "srresnet"))


def test_relativistic_generator_loss_is_esrgans():
  """G's loss: -log(1 - sigmoid(C(y) - E C(G(x)))) - log sigmoid(C(G(x)) - E C(y))."""
  targets = RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32)
  config = helpers.small_config("mnist_srgan_x4")
  config.translation.update(adversarial_weight=0.5, relativistic=True)
  keras.utils.set_random_seed(0)
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  sources = model.transform(targets)
  loss, content = model.generator_objective(sources, targets, training=False)
  fake = np.asarray(model.generator(sources, training=False))
  real_logits = np.asarray(model.discriminator(targets, training=False))
  fake_logits = np.asarray(model.discriminator(fake, training=False))
  softplus = lambda x: np.log1p(np.exp(x))
  adversarial = (softplus(real_logits - fake_logits.mean())
                 + softplus(-(fake_logits - real_logits.mean())))
  np.testing.assert_allclose(loss, np.asarray(content) + 0.5 * adversarial, rtol=1e-5)


def _paired_folder(root, n=12):
  """inputs/ (7x7 gray PNGs) and targets/ (28x28) of matching names, one name without a
  partner and one pair whose input does not decode."""
  rng = np.random.default_rng(0)
  for i in range(n):
    target = rng.integers(0, 256, (28, 28, 1))
    helpers.write_image(root / "targets" / f"{i:02d}.png", target)
    helpers.write_image(root / "inputs" / f"{i:02d}.png",
                        target.reshape(7, 4, 7, 4, 1).mean(axis=(1, 3)).round())
  helpers.write_image(root / "targets" / "alone.png", rng.integers(0, 256, (28, 28, 1)))
  helpers.write_image(root / "targets" / "bad.png", rng.integers(0, 256, (28, 28, 1)))
  (root / "inputs" / "bad.png").write_bytes(b"not an image")
  return root


def test_paired_folder_trains_and_evaluates_on_its_own_pairs(tmp_path):
  root = _paired_folder(tmp_path / "pairs")
  config = helpers.small_config("mnist_srgan_x4", steps=10)
  config.data.update(source="paired_folder", path=str(root), test_fraction=0.25)
  config.translation.pairs = "paired:4"
  joined, _, desc = trainer.load_training_data(config)
  assert joined.shape[1:] == (28, 28, 2) and "skipped" in desc
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  sources, targets = model.pairs_of(joined.astype(np.float32))
  assert tuple(sources.shape[1:]) == (7, 7, 1) and tuple(targets.shape[1:]) == (28, 28, 1)
  # Each input is its own target's 4x4 block mean (files of the same name), to rounding.
  means = np.asarray(targets).reshape(-1, 7, 4, 7, 4, 1).mean(axis=(2, 4))
  assert np.abs(np.asarray(sources) - means).max() <= 1.5
  run = trainer.train(config, tmp_path / "run")
  assert run.step == 10
  report_path = tmp_path / "report.json"
  helpers.run_python("-m", "zoo.evaluate", f"--workdir={tmp_path / 'run'}",
                     f"--out={report_path}", "--classifier_dir=" + str(tmp_path / "none"))
  report = json.loads(report_path.read_text())
  assert report["transform"] == "paired:4" and 0 < report["num_samples"] <= 12
  assert "paired folder" in report["data"] and "bicubic" in report["baselines"]


@pytest.mark.parametrize("field,value,message", [
    ("translation.pairs", "paired:4", "with data.source=paired_folder"),
    ("translation.pairs", "downscale:2", "config.model.scale"),
    ("translation.relativistic", True, "minimax")])
def test_translation_config_errors(field, value, message):
  from zoo import config as config_lib
  config = helpers.small_config("mnist_srgan_x4")
  config_lib.override(config, field, value)
  if field == "translation.relativistic":
    config.translation.discriminator_loss = "hinge"
  with pytest.raises(config_lib.ConfigError, match=message):
    config_lib.validate(config)


def test_evaluate_a_cyclegan_export_in_both_directions(tmp_path):
  import ml_collections
  import zoo
  _, model = _cyclegan()
  path = saved_model.export_generator(model.generator, tmp_path / "cycle", metadata={
      "dataset": "mnist", "domains": ["mnist", "fashion_mnist"]})
  export = zoo.load(path)
  with pytest.raises(Exception, match="no `translate_c_to_d`"):
    export.translate(np.zeros((1, 28, 28, 1)), direction="c_to_d")
  configs = [ml_collections.ConfigDict(dict(name=n, source="synthetic", synthetic_examples=40,
                                            data_dir="", download=False))
             for n in ("mnist", "fashion_mnist")]
  report = evaluation.evaluate_unpaired(
      {d: (lambda x, d=d: export.translate(x, direction=d)) for d in ("a_to_b", "b_to_a")},
      configs, spaces=[helpers.fixed_feature_space(seed=s) for s in (0, 1)])
  assert report["num_samples"] == 40
  for direction in ("a_to_b", "b_to_a"):  # synthetic A and B are the same random images
    assert report[direction]["fcd_untranslated"] < 1e-6 < 0.01 < report[direction]["fcd"]
