// Array-family helpers: index tensors, axes, strides, and constant publishing in shape functions.
#include "ops/array/array_util.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "graph/types.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/shape_fns.h"

namespace rill::array_util {

absl::StatusOr<std::vector<int64_t>> IndexValues(const Tensor& t, absl::string_view what) {
  std::vector<int64_t> values(t.num_elements());
  if (t.dtype() == DT_INT32) {
    for (int64_t i = 0; i < t.num_elements(); ++i) values[i] = t.data<int32_t>()[i];
  } else if (t.dtype() == DT_INT64) {
    for (int64_t i = 0; i < t.num_elements(); ++i) values[i] = t.data<int64_t>()[i];
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be int32 or int64, got ", DataTypeString(t.dtype())));
  }
  return values;
}

absl::StatusOr<Tensor> MakeIndexTensor(DataType dtype, const TensorShape& shape,
                                       absl::Span<const int64_t> values) {
  if (dtype == DT_INT64) {
    return Tensor::FromVector<int64_t>(std::vector<int64_t>(values.begin(), values.end()), shape);
  }
  if (dtype != DT_INT32) {
    return absl::InvalidArgumentError(
        absl::StrCat("index tensors are int32 or int64, not ", DataTypeString(dtype)));
  }
  std::vector<int32_t> narrow;
  narrow.reserve(values.size());
  for (int64_t v : values) {
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return absl::InvalidArgumentError(absl::StrCat("value ", v, " does not fit int32"));
    }
    narrow.push_back(static_cast<int32_t>(v));
  }
  return Tensor::FromVector<int32_t>(narrow, shape);
}

absl::StatusOr<int64_t> CanonicalAxis(int64_t axis, int64_t rank, absl::string_view what) {
  if (axis < -rank || axis >= rank) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", axis, " is out of range [", -rank, ", ", rank, ")"));
  }
  return axis < 0 ? axis + rank : axis;
}

std::vector<int64_t> RowMajorStrides(absl::Span<const int64_t> dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (int d = static_cast<int>(dims.size()) - 2; d >= 0; --d) {
    strides[d] = strides[d + 1] * dims[d + 1];
  }
  return strides;
}

absl::Status GatherStrided(const KernelContext& c, const Tensor& in, Tensor& out, int64_t out_start,
                           absl::Span<const int64_t> dims, absl::Span<const int64_t> strides,
                           int64_t base) {
  return DispatchDtype<AllTypes>(c, in.dtype(), [&]<typename T>() -> absl::Status {
    const T* src = in.data<T>();
    T* dst = out.data<T>() + out_start;
    ForEachStrided(dims, strides, base, [&](int64_t k, int64_t offset) { dst[k] = src[offset]; });
    return absl::OkStatus();
  });
}

absl::Status ScatterStrided(const KernelContext& c, const Tensor& in, int64_t in_start, Tensor& out,
                            absl::Span<const int64_t> dims, absl::Span<const int64_t> strides,
                            int64_t base) {
  return DispatchDtype<AllTypes>(c, in.dtype(), [&]<typename T>() -> absl::Status {
    const T* src = in.data<T>() + in_start;
    T* dst = out.data<T>();
    ForEachStrided(dims, strides, base, [&](int64_t k, int64_t offset) { dst[offset] = src[k]; });
    return absl::OkStatus();
  });
}

const Tensor* KnownValue(const Scope& scope, const Output& output) {
  if (!output.valid()) return nullptr;
  const NodeOutputs* outs = scope.refiner().outputs(*output.node());
  if (outs == nullptr || output.index() >= static_cast<int>(outs->tensors.size())) return nullptr;
  const Tensor& t = outs->tensors[output.index()];
  return t.valid() ? &t : nullptr;
}

void PublishConstantOutputs(ShapeContext& c, const ReferenceKernelFn& kernel) {
  bool any_integer_output = false;
  for (int i = 0; i < c.num_outputs(); ++i) {
    any_integer_output |= c.output_dtype(i) == DT_INT32 || c.output_dtype(i) == DT_INT64;
  }
  if (!any_integer_output) return;
  std::vector<KernelInput> inputs(c.num_inputs());
  for (int i = 0; i < c.num_inputs(); ++i) {
    const Tensor* value = c.input_tensor(i);
    if (value == nullptr) return;
    inputs[i].tensor = *value;
  }
  std::vector<DataType> output_dtypes(c.num_outputs());
  for (int i = 0; i < c.num_outputs(); ++i) output_dtypes[i] = c.output_dtype(i);
  // Small limits: a constant worth publishing is tiny, and a hostile graph must not make shape
  // inference allocate much.
  KernelEnv env;
  env.limits.max_bytes = shape_fns::kMaxPublishedElements * int64_t{8};
  KernelContext kc(c.node_name(), c.op(), c.attrs(), std::move(inputs), std::move(output_dtypes),
                   env);
  if (!kernel(kc).ok()) return;
  for (int i = 0; i < c.num_outputs(); ++i) {
    const Tensor& t = kc.output(i).tensor;
    if (!t.valid() || (t.dtype() != DT_INT32 && t.dtype() != DT_INT64)) continue;
    if (t.num_elements() > shape_fns::kMaxPublishedElements) continue;
    if (!c.output(i).IsCompatibleWith(t.shape().AsPartial())) continue;
    c.set_output_tensor(i, t);
  }
}

std::optional<PartialShape> KnownShapeValue(const ShapeContext& c, int i) {
  if (c.input_dtype(i) != DT_INT32 && c.input_dtype(i) != DT_INT64) return std::nullopt;
  absl::StatusOr<PartialShape> shape = c.MakeShapeFromShapeTensor(i);
  if (!shape.ok()) return std::nullopt;
  return *std::move(shape);
}

}  // namespace rill::array_util
