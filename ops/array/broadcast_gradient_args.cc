// BroadcastGradientArgs: for two shapes broadcast together, the axes along which each side was
// stretched, i.e. what its gradient must be summed over (TensorFlow's op: inputs s0, s1; outputs
// r0, r1; attr T).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Both inputs are vectors; the outputs are vectors of unknown length.
absl::Status BroadcastGradientArgsShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(0), 1, "s0").status());
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(1), 1, "s1").status());
  c.set_output(0, PartialShape({-1}));
  c.set_output(1, PartialShape({-1}));
  return absl::OkStatus();
}

// Integer outputs: no gradient (SetNoGradient below).

std::string DimsString(const std::vector<int64_t>& dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ","), "]");
}

// Right-aligned: side k reduces output axis i when its dim there is 1 or missing (also when
// the output dim is 1: summing a size-1 axis is harmless and matches TensorFlow).
absl::Status BroadcastGradientArgsKernel(KernelContext& c) {
  return DispatchDtype<IndexTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    std::vector<int64_t> s[2];
    for (int k = 0; k < 2; ++k) {
      const Tensor& in = c.input(k);
      if (in.shape().rank() != 1) {
        return c.InvalidArgument("s", k, " must be a vector, got shape ", in.shape().DebugString());
      }
      for (int64_t i = 0; i < in.num_elements(); ++i) s[k].push_back(in.data<T>()[i]);
    }
    const int rank = static_cast<int>(std::max(s[0].size(), s[1].size()));
    std::vector<T> r[2];
    for (int i = 0; i < rank; ++i) {
      int64_t d[2];
      for (int k = 0; k < 2; ++k) {
        const int j = i - (rank - static_cast<int>(s[k].size()));
        d[k] = j >= 0 ? s[k][j] : 1;
      }
      if (d[0] != d[1] && d[0] != 1 && d[1] != 1) {
        return c.InvalidArgument("incompatible shapes: ", DimsString(s[0]), " vs. ",
                                 DimsString(s[1]));
      }
      for (int k = 0; k < 2; ++k) {
        if (d[k] == 1) r[k].push_back(static_cast<T>(i));
      }
    }
    for (int k = 0; k < 2; ++k) {
      ASSIGN_OR_RETURN(Tensor out,
                       c.allocate_output(k, TensorShape({static_cast<int64_t>(r[k].size())})));
      std::copy(r[k].begin(), r[k].end(), out.data<T>());
    }
    return absl::OkStatus();
  });
}

// No emitter: shapes are known when the compiler specialises, so this folds to constants.

}  // namespace

RILL_REGISTER_OP("BroadcastGradientArgs")
    .Input("s0: T")
    .Input("s1: T")
    .Output("r0: T")
    .Output("r1: T")
    .Attr("T: {int32, int64} = DT_INT32")
    .SetShapeFn(BroadcastGradientArgsShape)
    .SetNoGradient()
    .SetReferenceKernel(BroadcastGradientArgsKernel)
    .Summary("The reduction axes of each side's gradient for a broadcasting binary op.");

namespace ops {

BroadcastGradientArgsOutputs BroadcastGradientArgs(const Scope& scope, const Output& s0,
                                                   const Output& s1) {
  Operation op = OpBuilder(scope, "BroadcastGradientArgs").Input(s0).Input(s1).Build();
  return {op.output(0), op.output(1)};
}

}  // namespace ops
}  // namespace rill
