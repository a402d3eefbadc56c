#!/usr/bin/env bash
# End-to-end checks of graphtool: demo, ops, dump/prune/stats/dot round trips, and clear errors.
set -uo pipefail
tool="$1"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$("$tool" demo) || fail "demo failed: $out"
grep -q "logits/Add (Add) -> float\[?,10\]" <<<"$out" || fail "demo shapes: $out"
grep -q "^demo: built and validated 11 nodes" <<<"$out" || fail "demo summary: $out"

out=$("$tool" ops) || fail "ops failed"
grep -q "^MatMul(a: T, b: T) -> (product: T)" <<<"$out" || fail "ops listing lacks MatMul: $out"

cat > "$tmp/g.pbtxt" <<'G'
# a comment, as TensorFlow text files may have
node { name: "a" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
node { name: "b" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
node { name: "sum" op: "AddV2" input: "a" input: "b" attr { key: "T" value { type: DT_FLOAT } } }
node { name: "unused" op: "Identity" input: "b" attr { key: "T" value { type: DT_FLOAT } } }
G
out=$("$tool" validate "$tmp/g.pbtxt") || fail "validate: $out"
grep -q "OK (4 nodes)" <<<"$out" || fail "validate output: $out"

out=$("$tool" dump --fetch=sum --out="$tmp/pruned.pb" "$tmp/g.pbtxt") || fail "dump: $out"
grep -q '"unused"' <<<"$out" && fail "pruning kept 'unused': $out"
grep -q 'name: "sum"' <<<"$out" || fail "dump lost 'sum': $out"
out=$("$tool" stats "$tmp/pruned.pb") || fail "stats on the binary dump: $out"
grep -q "nodes: 3" <<<"$out" || fail "binary round trip: $out"
"$tool" dot "$tmp/g.pbtxt" | grep -q '"a" -> "sum"' || fail "dot lacks an edge"

# Errors: exit 1 and a message naming the file or node.
out=$("$tool" validate "$tmp/missing.pbtxt" 2>&1) && fail "missing file accepted"
grep -q "missing.pbtxt" <<<"$out" || fail "missing-file error does not name the file: $out"
printf 'node { name: "x" op: "NoSuchOp" }\n' > "$tmp/bad.pbtxt"
out=$("$tool" validate "$tmp/bad.pbtxt" 2>&1) && fail "unknown op accepted"
grep -q "node 'x' (NoSuchOp): op 'NoSuchOp' is not registered" <<<"$out" || fail "unknown op: $out"
printf 'node { name: "x" op: \n' > "$tmp/broken.pbtxt"
out=$("$tool" dump "$tmp/broken.pbtxt" 2>&1) && fail "broken text accepted"
grep -q "broken.pbtxt" <<<"$out" || fail "parse error does not name the file: $out"
out=$("$tool" frobnicate 2>&1) && fail "unknown command accepted"
grep -q "unknown command 'frobnicate'" <<<"$out" || fail "unknown command: $out"
# compile: lowering report, dumps after a pass and of the LLVM stages, a run, and errors.
out=$("$tool" compile --feeds="a=float[7];b=float[7]" --fetch=sum --dump_after=elementwise_fusion,llvm \
      --run "$tmp/g.pbtxt") || fail "compile: $out"
grep -q "^native    sum" <<<"$out" || fail "compile did not lower sum: $out"
grep -q "=== after-opt ===" <<<"$out" || fail "no optimised IR dump: $out"
grep -q "=== asm ===" <<<"$out" || fail "no assembly dump: $out"
grep -q "^sum = float \[7\] {1, -2, 3, -4, 5, -6, 7}" <<<"$out" || fail "compile --run values: $out"
grep -q "^compiled 3 nodes: 1 native kernels in 1 clusters" <<<"$out" || fail "compile summary: $out"
out=$("$tool" compile --feeds="a=float[7];b=float[7]" --fetch=sum --dump_after=clusters "$tmp/g.pbtxt") \
  || fail "compile --dump_after=clusters: $out"
grep -q "^cluster 0: 1 members" <<<"$out" || fail "no clusters dump: $out"
out=$("$tool" compile --feeds="a=float[2,x]" --fetch=sum "$tmp/g.pbtxt" 2>&1) && fail "bad feed spec accepted"
grep -q "bad dim 'x'" <<<"$out" || fail "feed spec error: $out"
out=$("$tool" compile --feeds="a=int32[7];b=float[7]" --fetch=sum "$tmp/g.pbtxt" 2>&1) && fail "dtype mismatch accepted"
grep -q "feed 'a': dtype int32 does not match" <<<"$out" || fail "feed dtype error: $out"
out=$("$tool" compile --feeds="a=float[7];b=float[7]" --fetch=sum --num_threads=-1 "$tmp/g.pbtxt" 2>&1) \
  && fail "negative --num_threads accepted"
grep -q "num_threads must be 0..1024, got -1" <<<"$out" || fail "num_threads error: $out"
echo ok
