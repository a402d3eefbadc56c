#!/usr/bin/env bash
# Tests tools/ci_summary.sh (CI's pass/fail count) and tools/setup.sh --check.
set -uo pipefail
summary="$1"; setup="$2"; log="$3"
fail() { echo "FAIL: $*"; exit 1; }

out=$(bash "$summary" 3 < "$log"); rc=$?
[ "$out" = "2 passed, 4 failed" ] || fail "mixed log summarised as '$out'"
[ "$rc" -ne 0 ] || fail "mixed log must exit non-zero"

out=$(grep -E 'PASSED' "$log" | bash "$summary" 0); rc=$?
[ "$out" = "2 passed, 0 failed" ] || fail "passing log summarised as '$out'"
[ "$rc" -eq 0 ] || fail "passing log must exit zero"

out=$(echo "ERROR: analysis failed" | bash "$summary" 1); rc=$?
[[ "$out" == *"0 passed, 1 failed" ]] || fail "a build error without test lines must count as failed: '$out'"
[ "$rc" -ne 0 ] || fail "build error must exit non-zero"

out=$(echo "" | bash "$summary" 0); rc=$?
[ "$rc" -ne 0 ] || fail "a run with no passing test must not pass"

# Every package the project needs is installed on this machine (CI ran setup.sh first).
bash "$setup" --check || fail "tools/setup.sh --check reports missing packages"
bash "$setup" --bogus >/dev/null 2>&1 && fail "setup.sh accepted an unknown flag"
echo "ok"
