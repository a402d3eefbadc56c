#!/bin/bash
# Runs one golden pass test: golden_pass_runner's output piped into FileCheck with a .check file.
# Usage: run_golden_test.sh <runner> <check file> <runner args...>
set -euo pipefail
# Debian's llvm-19-tools; referenced by absolute path (tools/setup.sh installs it).
FILECHECK=/usr/lib/llvm-19/bin/FileCheck
if [[ ! -x "$FILECHECK" ]]; then
  echo "FAIL: FileCheck not found at $FILECHECK (install Debian's llvm-19-tools: tools/setup.sh)" >&2
  exit 1
fi
runner="$1"
check="$2"
shift 2
out="${TEST_TMPDIR:-/tmp}/golden_output.txt"
if ! "$runner" "$@" > "$out"; then
  echo "FAIL: $runner $* exited with an error" >&2
  exit 1
fi
if ! "$FILECHECK" --dump-input=fail "$check" --input-file="$out"; then
  echo "FAIL: the output of the passes does not match $check" >&2
  exit 1
fi
