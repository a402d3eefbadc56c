"""BUILD macros for op files: op_library, rill_op (one op file + its test) and op_family.

Each op file registers itself with a static RILL_REGISTER_OP object and nothing else refers to it by
symbol, so a plain static library would let the linker drop the object file and its registration
silently. op_library sets alwayslink = True, which makes Bazel link every object of the library
whole into any binary or test that depends on it (also with linkstatic). This is the only supported
way to get ops registered: there is no RegisterAllOps() to forget to call.

A family folder (ops/math, ops/array, ...) has one BUILD.bazel made of rill_op calls, one per op
file, and ends with op_family, which collects them; several people can add ops to one folder
without editing a shared list.
"""

load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")

# What every op file may include: the registry, OpDefBuilder, shape functions, the kernel,
# gradient and expand contexts and helpers, Scope/OpBuilder and the family headers.
OP_API = "//ops:op_api"

# What every op test gets: gtest main + matchers, the op test helpers (shape table, RunOp,
# numeric gradient check) and the core ops those helpers and common gradients use.
OP_TEST_DEPS = [
    "//base:test_main",
    "//ops:op_test_util",
]

_RILL_OP_TAG = "rill_op"

def op_library(name, srcs, hdrs = [], deps = [], **kwargs):
    """A cc_library of op registrations, always linked whole (see the file comment)."""
    cc_library(
        name = name,
        srcs = srcs,
        hdrs = hdrs,
        deps = deps,
        alwayslink = True,
        **kwargs
    )

def rill_op(name, deps = [], test_deps = [], test_size = "small", test_data = []):
    """One op file and its test: op_library `name` from `name`.cc, cc_test `name`_test.

    Args:
      name: the file's base name ("add" for add.cc and add_test.cc).
      deps: extra non-op libraries the op file needs (OP_API is always there). Do not list other
        op libraries here (gradients refer to each other in cycles); list them in test_deps.
      test_deps: op libraries the test (or the op's gradient/expand function) uses beyond the
        core ops in //ops:core_ops, e.g. ["//ops/math:neg"].
      test_size: the cc_test size.
      test_data: data files for the test.
    """
    op_library(
        name = name,
        srcs = [name + ".cc"],
        deps = [OP_API] + deps,
        tags = [_RILL_OP_TAG],
        visibility = ["//visibility:public"],
    )
    cc_test(
        name = name + "_test",
        size = test_size,
        srcs = [name + "_test.cc"],
        data = test_data,
        deps = [":" + name] + OP_TEST_DEPS + test_deps,
    )

def op_family(name, extra_deps = []):
    """The family library `name`: every rill_op declared above in this BUILD file."""
    ops = [
        ":" + r["name"]
        for r in native.existing_rules().values()
        if _RILL_OP_TAG in r.get("tags", [])
    ]
    cc_library(
        name = name,
        deps = sorted(ops) + extra_deps,
        visibility = ["//visibility:public"],
    )
