"""benchmarks/class_shares.py on a small export (no truncation input), with a stand-in
classifier whose answer is known."""
import json

import keras
import numpy as np

from tests import helpers
from zoo.training import trainer

SCRIPT = "benchmarks/class_shares.py"


def stand_in_classifier(home, label):
  """A 'classifier' that puts every image in class `label`, where the script looks for one
  (its `features` layer is what classifier.feature_space reads besides the logits)."""
  directory = home / "classifiers" / "fashion_mnist"
  directory.mkdir(parents=True)
  bias = np.zeros(10, np.float32)
  bias[label] = 5.0
  inputs = keras.Input((28, 28, 1))
  features = keras.layers.Flatten(name="features")(inputs)
  logits = keras.layers.Dense(10, kernel_initializer="zeros",
                              bias_initializer=keras.initializers.Constant(bias))(features)
  keras.Model(inputs, logits).save(directory / "classifier.keras")
  (directory / "info.json").write_text(json.dumps({"test_accuracy": 0.0}))


def test_shares_name_the_classes_of_the_samples(tmp_path):
  export = trainer.train(helpers.small_config(steps=10), tmp_path / "run").export_path
  missing = helpers.run_python(SCRIPT, str(export), "--num=500", check=False,
                               env={"ZOO_DATA_HOME": str(tmp_path / "empty")})
  assert missing.returncode != 0
  assert "zoo.evaluate --train_classifier --dataset=fashion_mnist" in missing.stderr
  stand_in_classifier(tmp_path / "home", label=7)
  result = helpers.run_python(SCRIPT, str(export), str(export), "--num=1000",
                              env={"ZOO_DATA_HOME": str(tmp_path / "home")})
  lines = result.stdout.strip().splitlines()
  assert len(lines) == 2
  assert lines[0] == lines[1] and lines[0].startswith(f"{export}: sneaker 100.00%, ")
  shares = dict(part.rsplit(" ", 1) for part in lines[0].split(": ", 1)[1].split(", "))
  assert len(shares) == 10 and sorted(shares.values()) == ["0.00%"] * 9 + ["100.00%"]
