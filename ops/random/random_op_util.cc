// Shape function, shape-input parsing and the float kernel shared by the random ops (see
// random_op_util.h).
#include "ops/random/random_op_util.h"

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "base/status_macros.h"
#include "graph/types.h"
#include "ops/dtype_dispatch.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_stream.h"

namespace rill::random {

absl::Status RandomShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape shape, c.MakeShapeFromShapeTensor(0));
  c.set_output(0, std::move(shape));
  return absl::OkStatus();
}

absl::StatusOr<TensorShape> ShapeFromShapeInput(const KernelContext& c, int index) {
  const Tensor& t = c.input(index);
  if (t.shape().rank() != 1) {
    return c.InvalidArgument("shape must be a vector, got ", t.shape().DebugString());
  }
  std::vector<int64_t> dims(t.num_elements());
  for (int64_t k = 0; k < t.num_elements(); ++k) {
    if (t.dtype() == DT_INT32) {
      dims[k] = t.data<int32_t>()[k];
    } else if (t.dtype() == DT_INT64) {
      dims[k] = t.data<int64_t>()[k];
    } else {
      return c.InvalidArgument("shape must be int32 or int64, got ", DataTypeString(t.dtype()));
    }
    if (dims[k] < 0) {
      return c.InvalidArgument("shape has negative dimension ", dims[k], " at index ", k);
    }
  }
  absl::StatusOr<TensorShape> shape = TensorShape::Create(dims);
  if (!shape.ok()) return c.AddContext(shape.status());
  return shape;
}

absl::Status FloatRandomKernel(KernelContext& c, FloatDistribution distribution) {
  ASSIGN_OR_RETURN(TensorShape shape, ShapeFromShapeInput(c, 0));
  ASSIGN_OR_RETURN(PhiloxStream stream, PhiloxStream::ForKernel(c));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  return DispatchDtype<FloatTypes>(c, c.output_dtype(0), [&]<typename T>() -> absl::Status {
    const absl::Span<T> values = absl::MakeSpan(out.data<T>(), out.num_elements());
    switch (distribution) {
      case FloatDistribution::kUniform:
        FillUniform(stream, 0, values);
        return absl::OkStatus();
      case FloatDistribution::kNormal:
        FillNormal(stream, 0, values);
        return absl::OkStatus();
      case FloatDistribution::kTruncatedNormal:
        // Rejection sampling can (in theory) run out of draws: name the node.
        return c.AddContext(FillTruncatedNormal(stream, 0, values));
    }
    return c.InvalidArgument("unknown distribution");
  });
}

}  // namespace rill::random
