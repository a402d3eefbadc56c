// OneHot: on_value where indices == j along a new dim of size depth, off_value elsewhere
// (TensorFlow's OneHot: inputs indices: TI, depth: int32, on_value: T, off_value: T; attrs axis,
// T, TI).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

using OneHotIndexTypes = TypeList<uint8_t, int32_t, int64_t>;

// Where the depth dim goes in an output of rank indices_rank + 1.
absl::StatusOr<int64_t> DepthIndex(int64_t axis, int64_t indices_rank) {
  if (axis == -1) return indices_rank;
  if (axis < 0 || axis > indices_rank) {
    return absl::InvalidArgumentError(absl::StrCat("Expected axis to be -1 or between [0, ",
                                                   indices_rank + 1, ").  But received: ", axis));
  }
  return axis;
}

// 2. Shape function: indices' shape with depth (known when constant) inserted at axis.
absl::Status OneHotShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  if (axis < -1) return absl::InvalidArgumentError("axis must be >= -1");
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(1), 0, "depth").status());
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(2), 0, "on_value").status());
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(3), 0, "off_value").status());
  int64_t depth = -1;
  if (const Tensor* t = c.input_tensor(1); t != nullptr) {
    depth = t->data<int32_t>()[0];
    if (depth < 0) {
      return absl::InvalidArgumentError(absl::StrCat("depth must be non-negative, got: ", depth));
    }
  }
  const PartialShape& indices = c.input(0);
  if (!indices.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t at, DepthIndex(axis, indices.rank()));
  std::vector<int64_t> dims = indices.dims();
  dims.insert(dims.begin() + at, depth);
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

// 3. Gradient: none (TensorFlow's NoGradient for OneHot).

// 4. Reference kernel: every host output dtype, indices uint8/int32/int64. Indices outside
// [0, depth) select nothing (a row of off_value), as in TensorFlow.
absl::Status OneHotKernel(KernelContext& c) {
  const Tensor& indices = c.input(0);
  const char* names[] = {"depth", "on_value", "off_value"};
  for (int i = 1; i <= 3; ++i) {
    if (c.input(i).shape().rank() != 0) {
      return c.InvalidArgument(names[i - 1],
                               " must be a scalar, but got: ", c.input(i).shape().DebugString());
    }
  }
  const int64_t depth = c.input(1).data<int32_t>()[0];
  if (depth < 0) return c.InvalidArgument("depth must be non-negative, got: ", depth);
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  absl::StatusOr<int64_t> at = DepthIndex(axis, indices.shape().rank());
  if (!at.ok()) return c.AddContext(at.status());
  std::vector<int64_t> dims = indices.shape().dims();
  dims.insert(dims.begin() + *at, depth);
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(dims);
  if (!out_shape.ok()) return c.AddContext(out_shape.status());
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *out_shape));
  int64_t prefix = 1;
  for (int64_t d = 0; d < *at; ++d) prefix *= dims[d];
  const int64_t suffix = prefix == 0 ? 0 : indices.num_elements() / prefix;
  return DispatchDtype<OneHotIndexTypes>(c, indices.dtype(), [&]<typename I>() -> absl::Status {
    const I* idx = indices.data<I>();
    return DispatchDtype<AllTypes>(c, out.dtype(), [&]<typename T>() -> absl::Status {
      const T on = c.input(2).data<T>()[0];
      const T off = c.input(3).data<T>()[0];
      T* o = out.data<T>();
      for (int64_t p = 0; p < prefix; ++p) {
        for (int64_t d = 0; d < depth; ++d) {
          for (int64_t s = 0; s < suffix; ++s) {
            const int64_t index = static_cast<int64_t>(idx[p * suffix + s]);
            o[(p * depth + d) * suffix + s] = index == d ? on : off;
          }
        }
      }
      return absl::OkStatus();
    });
  });
}

// 5. Loop emitter: the output element at (..., d at axis, ...) is on_value when the index at the
//    other coordinates equals d. Indices go through int64 first so uint8 zero-extends.
absl::Status OneHotEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  const int rank = c.output_shape().rank();
  ASSIGN_OR_RETURN(int64_t at, DepthIndex(axis, rank - 1));
  std::vector<IndexValue> index;
  for (int d = 0; d < rank; ++d) {
    if (d != at) index.push_back(c.output_index(d));
  }
  const IndexValue value = c.ValueToIndex(c.Cast(c.ReadInput(0, index), DT_INT64));
  const ElemValue hit = c.IndexCompare(ElemCompare::kEq, value, c.output_index(at));
  c.set_output(0, c.Select(hit, c.ReadInput(2, {}), c.ReadInput(3, {})));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("OneHot")
    .Input("indices: TI")
    .Input("depth: int32")
    .Input("on_value: T")
    .Input("off_value: T")
    .Output("output: T")
    .Attr("axis: int = -1")
    .Attr("T: type")
    .Attr("TI: {uint8, int32, int64} = DT_INT64")
    .SetShapeFn(OneHotShape)
    .SetNoGradient()
    .SetReferenceKernel(OneHotKernel)
    .SetLoopEmitter(OneHotEmitter)
    .Summary("on_value where indices == j along a new dim of size depth, else off_value.");

namespace ops {

Output OneHot(const Scope& scope, const Output& indices, const Output& depth,
              const Output& on_value, const Output& off_value, const OneHotAttrs& attrs) {
  return OpBuilder(scope, "OneHot")
      .Input(indices)
      .Input(depth)
      .Input(on_value)
      .Input(off_value)
      .Attr("axis", attrs.axis)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
