#!/bin/bash
# Runs the fuzz target's replay driver over the seeds and checks how far each one got.
set -euo pipefail
driver="$1"
seeds_dir="$(dirname "$2")"
out="$("$driver" "$seeds_dir/dense.pbtxt" "$seeds_dir/cycle.pbtxt" "$seeds_dir/unregistered.pbtxt")"
echo "$out"
expect() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: expected output to contain: $1" >&2
    exit 1
  fi
}
expect "dense.pbtxt: binary: not parsed: INVALID_ARGUMENT"
expect "dense.pbtxt: binary: not parsed: INVALID_ARGUMENT: not a valid binary GraphDef"
expect "malformed wire format; text: valid"
expect "cycle.pbtxt: binary: not parsed"
expect "text: rejected: INVALID_ARGUMENT: graph has a cycle through node 'a'"
expect "text: rejected: NOT_FOUND: node 's' (Unique): op 'Unique' is not registered"
expect "replayed 3 inputs"
# A missing file is an error, not a silent pass.
if "$driver" "$seeds_dir/does-not-exist" >/dev/null 2>&1; then
  echo "FAIL: the driver accepted a missing file" >&2
  exit 1
fi
echo PASS
