#!/usr/bin/env bash
# The zoo and its PyTorch and JAX peers side by side on this machine (benchmarks/compare.py).
# Sets up the zoo's venv and the peers' own venv first; both steps are idempotent.
#   bash benchmarks/run.sh [--models=...] [--batch_sizes=64,256] [--out=docs/benchmarks_raw.md]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash benchmarks/peers/setup.sh
exec .venv/bin/python benchmarks/compare.py "$@"
