#!/usr/bin/env bash
# Checks that .ci/run runs exactly the README's test command, and that the README names both commands.
set -euo pipefail
readme="$1"
ci="$2"
test_cmd=$(grep -E '^bash tools/setup.sh && bazel test' "$readme" || true)
run_cmd=$(grep -E '^bash tools/setup.sh && bazel run' "$readme" || true)
[ -n "$test_cmd" ] || { echo "README.md has no 'bash tools/setup.sh && bazel test ...' line"; exit 1; }
[ -n "$run_cmd" ] || { echo "README.md has no 'bash tools/setup.sh && bazel run ...' line"; exit 1; }
bazel_part=${test_cmd#bash tools/setup.sh && }
grep -qF "bash tools/setup.sh" "$ci" || { echo ".ci/run does not call tools/setup.sh"; exit 1; }
grep -qxF "$bazel_part 2>&1 | tee \"\$log\"" "$ci" || {
  echo ".ci/run does not run the README's test command: '$bazel_part'"; exit 1; }
echo "README and .ci/run agree: $test_cmd"
