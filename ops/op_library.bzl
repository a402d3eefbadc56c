"""op_library: the BUILD macro for op files (ops/<family>/<op>.cc).

Each op file registers itself with a static RILL_REGISTER_OP object and nothing else refers to it by
symbol, so a plain static library would let the linker drop the object file and its registration
silently. op_library sets alwayslink = True, which makes Bazel link every object of the library
whole into any binary or test that depends on it (also with linkstatic). This is the only supported
way to get ops registered: there is no RegisterAllOps() to forget to call.
"""

load("@rules_cc//cc:defs.bzl", "cc_library")

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
