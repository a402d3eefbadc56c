#!/bin/bash
# Tests golden_pass_runner's contract: sections per pass on success, exit 1 with a message on bad
# input (so a golden test can never pass on a runner error).
set -uo pipefail
runner="$1"
graph="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$runner" --graph="$graph" --passes=constant_folding,dce --keep=out) || fail "runner failed"
grep -q '^// input$' <<<"$out" || fail "no '// input' section"
grep -q '^// after constant_folding$' <<<"$out" || fail "no '// after constant_folding' section"
grep -q '^// after dce$' <<<"$out" || fail "no '// after dce' section"

err=$("$runner" --graph="$graph" --passes=nope 2>&1) && fail "unknown pass accepted"
grep -q "unknown pass 'nope'" <<<"$err" || fail "unclear error: $err"
err=$("$runner" --graph=/nonexistent.pbtxt --passes=dce 2>&1) && fail "missing graph accepted"
grep -q "nonexistent" <<<"$err" || fail "unclear error: $err"
echo PASS
