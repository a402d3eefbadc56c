#!/bin/sh
echo "rill: bazel coverage is not supported offline (no coverage tools are installed)" >&2
exit 1
