#!/usr/bin/env bash
# Runs `bazel test //...` offline with Debian's bazel-bootstrap (4.2.3): the rule
# repositories Bazel would download come from Debian's packages instead. The tests run with
# the venv made by tools/setup.sh (first python3 on PATH).
#   bash tools/bazel/test.sh [more bazel test args]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v bazel >/dev/null || [ ! -d /usr/src/bazel-bootstrap/mock_repos ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bazel-bootstrap bazel-bootstrap-source \
    bazel-platforms >/dev/null
fi
mock=/usr/src/bazel-bootstrap/mock_repos
overrides=()
for repo in rules_cc rules_java rules_proto rules_pkg bazel_skylib remote_java_tools_linux; do
  overrides+=("--override_repository=$repo=$mock/$repo")
done
overrides+=("--override_repository=platforms=/usr/share/bazel/tools/platforms")
overrides+=("--override_repository=remote_coverage_tools=$PWD/tools/bazel/remote_coverage_tools")
export PATH="$PWD/.venv/bin:$PATH"
exec bazel test //... "${overrides[@]}" --test_env=PATH --test_env=HOME --local_test_jobs=1 \
  --test_output=errors "$@"
