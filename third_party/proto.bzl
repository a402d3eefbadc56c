"""Compiles .proto files with the system protoc (Bazel 4's native proto rules would need a download)."""

load("@rules_cc//cc:defs.bzl", "cc_library")

def rill_proto_library(name, srcs, deps = [], visibility = None):
    """C++ library `name` for `srcs`; `deps` are other rill_proto_library targets imported by srcs.

    Imports are written relative to the workspace root (`import "graph/types.proto";`).
    """
    pkg = native.package_name()
    hdrs = [s.replace(".proto", ".pb.h") for s in srcs]
    ccs = [s.replace(".proto", ".pb.cc") for s in srcs]
    native.genrule(
        name = name + "_protoc",
        srcs = srcs + [d + "_srcs" for d in deps],
        outs = hdrs + ccs,
        cmd = "protoc --proto_path=. --cpp_out=$(GENDIR) " +
              " ".join(["%s/%s" % (pkg, s) for s in srcs]),
        message = "protoc " + " ".join(srcs),
    )
    native.filegroup(
        name = name + "_srcs",
        srcs = srcs + [d + "_srcs" for d in deps],
        visibility = visibility,
    )
    cc_library(
        name = name,
        srcs = ccs,
        hdrs = hdrs,
        deps = deps + ["@protobuf"],
        # Generated code is not ours to keep warning-free.
        copts = ["-Wno-unused-parameter", "-Wno-deprecated-declarations"],
        visibility = visibility,
    )
