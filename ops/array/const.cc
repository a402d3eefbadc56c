// Const: a constant tensor baked into the graph (TensorFlow's Const: attrs `value`, `dtype`).
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Output shape = the value's shape. Also checks what is cheap to check without decoding the
// values: the value's dtype matches `dtype`, and raw tensor_content has the right byte size.
absl::Status ConstShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(const TensorProto* value, c.attrs().GetTensor("value"));
  ASSIGN_OR_RETURN(DataType dtype, c.attrs().GetType("dtype"));
  if (value->dtype() != dtype) {
    return absl::InvalidArgumentError(
        absl::StrCat("attr 'value' holds a ", DataTypeString(value->dtype()),
                     " tensor but attr 'dtype' is ", DataTypeString(dtype)));
  }
  absl::StatusOr<TensorShape> shape = TensorShape::FromProto(value->tensor_shape());
  if (!shape.ok()) return internal::AddContext(shape.status(), "attr 'value'");
  const int64_t element_size = DataTypeSize(dtype);
  if (!value->tensor_content().empty() && element_size > 0 &&
      (static_cast<int64_t>(value->tensor_content().size()) % element_size != 0 ||
       static_cast<int64_t>(value->tensor_content().size()) / element_size !=
           shape->num_elements())) {
    // Not num_elements * element_size: that product can overflow for hostile shapes.
    return absl::InvalidArgumentError(
        absl::StrCat("attr 'value': tensor_content has ", value->tensor_content().size(),
                     " bytes, but shape ", shape->DebugString(), " needs ", shape->num_elements(),
                     " ", DataTypeString(dtype), " elements of ", element_size, " bytes"));
  }
  c.set_output(0, shape->AsPartial());
  // Small numeric constants (shapes, axes, scalars) are published for consumers' shape functions.
  if (shape->num_elements() <= shape_fns::kMaxPublishedElements && element_size > 0) {
    absl::StatusOr<Tensor> tensor = Tensor::FromProto(*value);
    if (!tensor.ok()) return internal::AddContext(tensor.status(), "attr 'value'");
    c.set_output_tensor(0, *std::move(tensor));
  }
  return absl::OkStatus();
}

// A Const has no inputs, so it never needs a gradient function.

// Decodes the value (TensorFlow's TensorProto rules; its size is checked against the limits).
absl::Status ConstKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(const TensorProto* value, c.attrs().GetTensor("value"));
  ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromProto(*value, c.limits()));
  c.set_output(0, std::move(tensor));
  return absl::OkStatus();
}

// No emitter: the compiler embeds constants as globals.

}  // namespace

RILL_REGISTER_OP("Const")
    .Output("output: dtype")
    .Attr("value: tensor")
    .Attr("dtype: type")
    .SetShapeFn(ConstShape)
    .SetNoGradient()
    .SetReferenceKernel(ConstKernel)
    .Summary("A constant tensor.");

namespace ops {

Output Const(const Scope& scope, const Tensor& value) {
  if (!value.valid()) {
    scope.UpdateStatus(absl::InvalidArgumentError(absl::StrCat(
        "Const '", scope.GetUniqueNameForOp("Const"), "': the tensor is empty (DT_INVALID)")));
    return Output();
  }
  return OpBuilder(scope, "Const")
      .Attr("value", value)
      .Attr("dtype", value.dtype())
      .Build()
      .output(0);
}

Output Const(const Scope& scope, const char* value) {
  return Const(scope, Tensor::Scalar<std::string>(value));
}

namespace internal {

Output ConstOrError(const Scope& scope, const absl::StatusOr<Tensor>& value) {
  if (!value.ok()) {
    scope.UpdateStatus(::rill::internal::AddContext(
        value.status(), absl::StrCat("Const '", scope.GetUniqueNameForOp("Const"), "'")));
    return Output();
  }
  return Const(scope, *value);
}

}  // namespace internal
}  // namespace ops
}  // namespace rill
