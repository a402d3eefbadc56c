#!/usr/bin/env bash
# Installs every Debian 12 package rill needs to build, test, benchmark and run its examples.
# Idempotent and non-interactive: packages already present are skipped; prints what it installed.
# `setup.sh --check` installs nothing: it lists missing packages and fails if there are any.
set -euo pipefail

check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  "") ;;
  *) echo "usage: setup.sh [--check]" >&2; exit 2 ;;
esac

PACKAGES=(
  # Build: Bazel 4 and the Debian copies of the rule sets it needs offline.
  bazel-bootstrap bazel-rules-java bazel-platforms bazel-skylib
  g++ pkg-config
  # Compiler back end and its test tools (FileCheck, not, lit).
  llvm-19-dev llvm-19-tools clang-19 libclang-rt-19-dev
  libzstd-dev libxml2-dev libedit-dev libffi-dev libncurses-dev
  # Libraries.
  libabsl-dev libprotobuf-dev protobuf-compiler libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  libleveldb-dev libsnappy-dev
  # Data and benchmark peers.
  dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread libdnnl-dev
  # Tools.
  graphviz
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [ "$check_only" -eq 1 ]; then
  echo "setup: missing ${#missing[@]} package(s): ${missing[*]}"
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: installed: ${missing[*]}"
