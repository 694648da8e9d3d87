"""The zoo's classifiers for the small-image datasets (MNIST, Fashion-MNIST), the feature
space of the Fréchet classifier distance and the classifier score (Inception's role for
28x28 images, where Inception-v3 features mean little).

A small CNN (augmented with shifts and small rotations) is trained once per dataset by
`python -m zoo.evaluate --train_classifier --dataset=NAME` and cached in
`$ZOO_DATA_HOME/classifiers/NAME/` (classifier.keras and info.json with its test accuracy).
Features are its 128-d penultimate layer.
"""
import json
import pathlib
import time

import keras
import numpy as np
import tensorflow as tf
from absl import logging

from zoo import data
from zoo import atomic, errors
from zoo.data import local
from zoo.evaluation.features import FeatureSpace

# The accuracy on the test split a classifier must reach to be trusted as a feature space.
REQUIRED_ACCURACY = {"mnist": 0.99, "fashion_mnist": 0.90}
EPOCHS = {"mnist": 30, "fashion_mnist": 15}
FEATURES = "features"


class ClassifierNotFoundError(errors.NotFoundError):
  """No trained classifier for the dataset; the message says how to train one."""


def default_dir(dataset) -> pathlib.Path:
  return local.data_home() / "classifiers" / dataset


def build(image_shape, num_classes, seed=0):
  """images [b, H, W, C] in [0, 1] -> logits [b, num_classes]; layer `features` is 128-d."""
  inputs = keras.Input(image_shape)
  x = keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant", seed=seed)(inputs)
  x = keras.layers.RandomRotation(0.03, fill_mode="constant", seed=seed + 1)(x)
  for i, filters in enumerate((32, 64)):
    for j in range(2):
      x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False,
                              name=f"conv{i}_{j}")(x)
      x = keras.layers.BatchNormalization(name=f"bn{i}_{j}")(x)
      x = keras.layers.ReLU()(x)
    x = keras.layers.MaxPooling2D()(x)
  x = keras.layers.Flatten()(keras.layers.Dropout(0.25)(x))
  features = keras.layers.Dense(128, activation="relu", name=FEATURES)(x)
  logits = keras.layers.Dense(num_classes, name="logits")(keras.layers.Dropout(0.4)(features))
  return keras.Model(inputs, logits, name="classifier")


def _dataset(images, labels, batch_size, shuffle, seed):
  ds = tf.data.Dataset.from_tensor_slices((images, labels))
  if shuffle:
    ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
  return ds.batch(batch_size).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)).prefetch(2)


def train(data_config, out_dir=None, epochs=None, batch_size=128, seed=0, verbose=2):
  """Trains the classifier of `data_config.name` on its train split, measures it on the test
  split, and writes it to `out_dir` atomically. Returns info.json's content."""
  name = data_config.name
  ds_info = data.info(name)
  epochs = epochs or EPOCHS.get(name, 15)
  out_dir = pathlib.Path(out_dir or default_dir(name))
  train_x, train_y, source = data.load(data_config, "train", seed=seed)
  test_x, test_y, _ = data.load(data_config, "test", seed=seed)
  logging.info("Training the %s classifier for %d epochs on %s.", name, epochs, source)
  keras.utils.set_random_seed(seed)
  model = build(ds_info.image_shape, ds_info.num_classes, seed)
  steps = epochs * int(np.ceil(len(train_x) / batch_size))
  model.compile(optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(
      2e-3, steps)), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
      metrics=["accuracy"])
  start = time.time()
  model.fit(_dataset(train_x, train_y, batch_size, True, seed), epochs=epochs, verbose=verbose)
  _, accuracy = model.evaluate(_dataset(test_x, test_y, 500, False, seed), verbose=0)
  info = {"dataset": name, "test_accuracy": float(accuracy), "test_examples": len(test_x),
          "train_examples": len(train_x), "epochs": epochs, "data": source,
          "train_seconds": round(time.time() - start, 1),
          "required_accuracy": REQUIRED_ACCURACY.get(name)}
  with atomic.directory(out_dir, replace=True) as tmp:
    model.save(tmp / "classifier.keras")
    (tmp / "info.json").write_text(json.dumps(info, indent=2))
  required = REQUIRED_ACCURACY.get(name)
  if required and accuracy < required:
    logging.warning("The %s classifier reached %.2f%% test accuracy, below the %.0f%% its "
                    "metrics need to be trusted; train longer (--epochs).", name,
                    100 * accuracy, 100 * required)
  return info


def load_info(dataset, directory=None):
  """info.json of the cached classifier, or ClassifierNotFoundError."""
  directory = pathlib.Path(directory or default_dir(dataset))
  if not (directory / "classifier.keras").exists():
    raise ClassifierNotFoundError(
        f"No {dataset} classifier in {directory} (the Fréchet classifier distance and the "
        f"classifier score need one). Train it once: python -m zoo.evaluate "
        f"--train_classifier --dataset={dataset}" +
        (f" --classifier_dir={directory}" if directory != default_dir(dataset) else ""))
  return json.loads((directory / "info.json").read_text())


def feature_network(dataset, directory=None):
  """The cached classifier's images -> 128-d `features` layer as a frozen keras.Model (a
  feature loss for image-to-image models, in place of VGG)."""
  load_info(dataset, directory)
  directory = pathlib.Path(directory or default_dir(dataset))
  model = keras.models.load_model(directory / "classifier.keras")
  network = keras.Model(model.inputs, model.get_layer(FEATURES).output, name="feature_loss")
  network.trainable = False
  return network


def feature_space(dataset, directory=None, batch_size=500) -> FeatureSpace:
  info = load_info(dataset, directory)
  directory = pathlib.Path(directory or default_dir(dataset))
  model = keras.models.load_model(directory / "classifier.keras")
  extractor = keras.Model(model.inputs, [model.get_layer(FEATURES).output, model.output])

  def fn(images):
    features, logits = extractor(images, training=False)
    return features, tf.nn.softmax(logits)

  return FeatureSpace("classifier", fn, f"zoo {dataset} classifier ({directory}, test "
                      f"accuracy {100 * info['test_accuracy']:.2f}%)", batch_size)
