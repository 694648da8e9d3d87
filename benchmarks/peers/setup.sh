#!/usr/bin/env bash
# Creates benchmarks/peers/.venv for the peer benchmarks (PyTorch eager, JAX + optax).
# Never needed by the zoo itself. Idempotent: does nothing if the venv already imports
# torch 2.13.0, jax and optax.
#
# torch is pinned to 2.13.0 on purpose: this machine's pip config points at a local CPU
# wheel of that version (torch-2.13.0+cpu). Any other version, or a bare `torch`, makes pip
# fetch the multi-GB CUDA build from PyPI; the script refuses to do that (see below).
#   VENV=path (default benchmarks/peers/.venv)
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-$PWD/.venv}
TORCH=torch==2.13.0
log() { echo "[peers] $*"; }
# pip, minus the warnings this machine's pip config prints for absent local indexes.
pip_install() {
  "$VENV/bin/pip" install -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}

check() {
  "$VENV/bin/python" - <<'EOF' 2>/dev/null
import jax, jaxlib, numpy, optax, torch
assert torch.__version__.split("+")[0] == "2.13.0", torch.__version__
assert jax.devices()[0].platform == "cpu"
EOF
}

if [ -x "$VENV/bin/python" ] && check; then
  log "venv $VENV is ready, nothing to do"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating venv $VENV (python3 -m venv)"
  python3 -m venv "$VENV"
fi

if ! "$VENV/bin/python" -c "import torch; assert torch.__version__.split('+')[0] == '2.13.0'" 2>/dev/null; then
  # Ask pip which file it would take, without downloading the wheel (metadata only), and
  # stop unless it is a CPU build: a CUDA torch is several GB.
  log "resolving $TORCH (dry run)"
  url=$("$VENV/bin/pip" install -q --disable-pip-version-check --dry-run --no-deps \
          --ignore-installed --report - "$TORCH" 2>/dev/null \
        | "$VENV/bin/python" -c "import json, sys; print(json.load(sys.stdin)['install'][0]['download_info']['url'])" 2>/dev/null) \
    || { log "ERROR: pip cannot resolve $TORCH"; exit 1; }
  log "pip would install $url"
  case "$url" in
    *%2Bcpu*|*+cpu*) ;;
    *) if [ "${PEERS_ALLOW_ANY_TORCH:-0}" != 1 ]; then
         log "ERROR: that is not a CPU wheel of torch 2.13.0 (a CUDA build is several GB)."
         log "Point pip at a CPU wheel (e.g. PIP_FIND_LINKS=dir with torch-2.13.0+cpu-*.whl),"
         log "or set PEERS_ALLOW_ANY_TORCH=1 to install it anyway."
         exit 1
       fi ;;
  esac
  log "pip install $TORCH"
  pip_install "$TORCH"
fi

log "pip install jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 numpy==2.4.6 (CPU)"
pip_install jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 numpy==2.4.6

if ! check; then
  log "ERROR: the venv still fails to import torch 2.13.0 / jax / optax"
  exit 1
fi
"$VENV/bin/python" -c "import jax, optax, torch, numpy
print('[peers] done: torch', torch.__version__, '| jax', jax.__version__, '| optax', optax.__version__, '| numpy', numpy.__version__)"
