// A host kernel for a RillFusion node that was not lowered to native code (opt_level 0, or an
// unsupported dtype): it runs the body's ops one by one on their reference kernels, so a fused
// graph always runs, and gives exactly what the unfused graph gives.
#ifndef RILL_COMPILER_FUSION_BODY_KERNEL_H_
#define RILL_COMPILER_FUSION_BODY_KERNEL_H_

#include "graph/function.pb.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// `body` uses the fusion pass's layout (inputs in_<i>, internal edges "node:arg:0", ret out_0).
// The returned kernel keeps a copy of `body`.
ReferenceKernelFn MakeFusionBodyKernel(const FunctionDef& body,
                                       const OpRegistry& registry = *OpRegistry::Global());

}  // namespace rill::compiler

#endif  // RILL_COMPILER_FUSION_BODY_KERNEL_H_
