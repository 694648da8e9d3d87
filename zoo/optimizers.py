"""Optimizers from config: SGD with momentum (Goodfellow et al. 2014) or Adam."""
import keras


def build(opt_config, name):
  if opt_config.name == "sgd":
    return keras.optimizers.SGD(opt_config.learning_rate, momentum=opt_config.momentum,
                                name=name)
  if opt_config.name == "adam":
    return keras.optimizers.Adam(opt_config.learning_rate, beta_1=opt_config.beta_1,
                                 beta_2=opt_config.beta_2, name=name)
  raise ValueError(f"Unknown optimizer {opt_config.name!r}; use 'sgd' or 'adam'.")
