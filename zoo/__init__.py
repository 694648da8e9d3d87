"""zoo: a TensorFlow/Keras model zoo of generative adversarial networks."""
import os

# Keras 3 must run on TensorFlow: the zoo's train steps, checkpoints and exports are TF.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"
