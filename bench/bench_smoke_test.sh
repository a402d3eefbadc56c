#!/usr/bin/env bash
# Runs a benchmark binary briefly: it must run and print its BENCH and RATIO lines. Checks output
# format only, never speed (timings belong to the benchmarks themselves).
set -uo pipefail
# Usage: bench_smoke_test.sh BINARY [ARGS...]; ARGS default to Google Benchmark's shortest run.
bin="$1"; shift
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(--benchmark_min_time=0.001)
out=$("$bin" "${args[@]}" 2>&1) || { echo "$out"; echo "FAIL: benchmark exited non-zero"; exit 1; }
grep -qE '^BENCH [A-Za-z0-9_]+ [0-9.]+ ' <<<"$out" || { echo "$out"; echo "FAIL: no BENCH line"; exit 1; }
grep -qE '^RATIO [A-Za-z0-9_]+ [0-9.]+$' <<<"$out" || { echo "$out"; echo "FAIL: no RATIO line"; exit 1; }
echo ok
