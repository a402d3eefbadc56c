#!/usr/bin/env bash
# Reads a `bazel test` log on stdin and prints "N passed, N failed". Targets that FAILED, FAILED TO
# BUILD, had NO STATUS, timed out or were flaky count as failed. Usage: ci_summary.sh BAZEL_EXIT_CODE < log
# Exits 0 only when nothing failed and at least one test passed.
set -uo pipefail
rc=${1:-0}
log=$(cat)
passed=$(grep -cE '^//[^ ]+ +(\(cached\) +)?PASSED' <<<"$log")
failed=$(grep -cE '^//[^ ]+ +(\(cached\) +)?(FAILED|FAILED TO BUILD|NO STATUS|TIMEOUT|INCOMPLETE|FLAKY)' <<<"$log")
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "ci: bazel exited with $rc but reported no failed test: counting the build itself as failed"
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
