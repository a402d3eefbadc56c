#!/usr/bin/env bash
# Runs every kernel benchmark in turn (the FMA peak probe, fully connected products, convolutions,
# whole training steps). Arguments that start with `--` are passed to each benchmark (see
# bench/bench_harness.h); the others are the benchmark binaries, in the order to run them.
set -uo pipefail
bins=(); flags=()
for a in "$@"; do
  if [[ "$a" == --* ]]; then flags+=("$a"); else bins+=("$a"); fi
done
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)
echo "# rill kernels: $(date -u +%FT%TZ), $(nproc) cores,${cpu}, load: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for b in "${bins[@]}"; do
  echo "# === $(basename "$b") ${flags[*]:-}"
  "$b" "${flags[@]}" || { echo "# $(basename "$b") FAILED (exit $?)"; status=1; }
done
exit $status
