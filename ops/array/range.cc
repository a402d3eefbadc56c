// Range: the sequence start, start + delta, ... stopping before limit (TensorFlow's Range:
// inputs start, limit, delta: Tidx; attr Tidx).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

using RangeTypes = TypeList<float, double, int32_t, int64_t>;

// Largest sequence Range will describe (keeps every count and product within int64).
constexpr double kMaxRangeSize = 4611686018427387904.0;  // 2^62

// The number of elements, with TensorFlow's checks and messages.
template <typename T>
absl::StatusOr<int64_t> RangeSize(T start, T limit, T delta) {
  if (delta == 0) return absl::InvalidArgumentError(absl::StrCat("Requires delta != 0: ", delta));
  if (delta > 0 && start > limit) {
    return absl::InvalidArgumentError(
        absl::StrCat("Requires start <= limit when delta > 0: ", start, "/", limit));
  }
  if (delta < 0 && start < limit) {
    return absl::InvalidArgumentError(
        absl::StrCat("Requires start >= limit when delta < 0: ", start, "/", limit));
  }
  if constexpr (std::is_integral_v<T>) {
    // |limit - start| and |delta| in 128 bits: no overflow even for the int64 extremes.
    const __int128 span = static_cast<__int128>(limit) - static_cast<__int128>(start);
    const __int128 abs_span = span < 0 ? -span : span;
    const __int128 abs_delta = delta < 0 ? -static_cast<__int128>(delta) : delta;
    const __int128 size = (abs_span + abs_delta - 1) / abs_delta;
    if (size > static_cast<__int128>(kMaxRangeSize)) {
      return absl::InvalidArgumentError("Requires ((limit - start) / delta) <= 2^62");
    }
    return static_cast<int64_t>(size);
  } else {
    const double size = std::ceil(std::abs((static_cast<double>(limit) - start) / delta));
    if (!(size <= kMaxRangeSize)) {  // also catches NaN and infinities
      return absl::InvalidArgumentError(absl::StrCat(
          "Requires ((limit - start) / delta) <= 2^62, got ", start, ", ", limit, ", ", delta));
    }
    return static_cast<int64_t>(size);
  }
}

absl::Status RangeKernel(KernelContext& c);

// 2. Shape function: [size] with constant inputs (checked like the kernel), else [?].
absl::Status RangeShape(ShapeContext& c) {
  const char* names[] = {"start", "limit", "delta"};
  for (int i = 0; i < 3; ++i) {
    RETURN_IF_ERROR(shape_fns::WithRank(c.input(i), 0, names[i]).status());
  }
  c.set_output(0, PartialShape({-1}));
  const Tensor* start = c.input_tensor(0);
  const Tensor* limit = c.input_tensor(1);
  const Tensor* delta = c.input_tensor(2);
  if (start == nullptr || limit == nullptr || delta == nullptr) return absl::OkStatus();
  int64_t size = -1;
  const DataType dtype = c.input_dtype(0);
  auto compute = [&]<typename T>() -> absl::Status {
    ASSIGN_OR_RETURN(size,
                     RangeSize<T>(start->data<T>()[0], limit->data<T>()[0], delta->data<T>()[0]));
    return absl::OkStatus();
  };
  if (dtype == DT_FLOAT) RETURN_IF_ERROR(compute.operator()<float>());
  if (dtype == DT_DOUBLE) RETURN_IF_ERROR(compute.operator()<double>());
  if (dtype == DT_INT32) RETURN_IF_ERROR(compute.operator()<int32_t>());
  if (dtype == DT_INT64) RETURN_IF_ERROR(compute.operator()<int64_t>());
  c.set_output(0, PartialShape({size}));
  array_util::PublishConstantOutputs(c, RangeKernel);
  return absl::OkStatus();
}

// 3. Gradient: none (TensorFlow's NotDifferentiable: the output depends on the inputs only
// through integer counts).

// 4. Reference kernel for float, double, int32, int64. Like TensorFlow it accumulates
// (value += delta), which for floats can differ in the last bit from start + i * delta.
absl::Status RangeKernel(KernelContext& c) {
  const char* names[] = {"start", "limit", "delta"};
  for (int i = 0; i < 3; ++i) {
    if (c.input(i).shape().rank() != 0) {
      return c.InvalidArgument(names[i], " must be a scalar, not shape ",
                               c.input(i).shape().DebugString());
    }
  }
  return DispatchDtype<RangeTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    const T start = c.input(0).data<T>()[0];
    const T delta = c.input(2).data<T>()[0];
    absl::StatusOr<int64_t> size = RangeSize<T>(start, c.input(1).data<T>()[0], delta);
    if (!size.ok()) return c.AddContext(size.status());
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({*size})));
    T value = start;
    for (int64_t i = 0; i < *size; ++i) {
      out.data<T>()[i] = value;
      value = WrappingAdd(value, delta);
    }
    return absl::OkStatus();
  });
}

// 5. LLVM emitter: none (ranges are constants once the compiler specialises shapes).

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, uint16 and uint32.
RILL_REGISTER_OP("Range")
    .Input("start: Tidx")
    .Input("limit: Tidx")
    .Input("delta: Tidx")
    .Output("output: Tidx")
    .Attr("Tidx: {float, double, int32, int64} = DT_INT32")
    .SetShapeFn(RangeShape)
    .SetNoGradient()
    .SetReferenceKernel(RangeKernel)
    .Summary("start, start + delta, ... up to but not including limit.");

namespace ops {

Output Range(const Scope& scope, const Output& start, const Output& limit, const Output& delta) {
  return OpBuilder(scope, "Range").Input(start).Input(limit).Input(delta).Build().output(0);
}

}  // namespace ops
}  // namespace rill
