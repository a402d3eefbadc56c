// ScalarSummary: a serialized Summary of scalar values (TensorFlow's ScalarSummary, the op behind
// TF 1.x tf.summary.scalar: inputs tags: string, values: T; output summary: string;
// attr T: real number types). Host op.
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/summary.pb.h"
#include "ops/dtype_dispatch.h"
#include "ops/io_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: a string scalar; tags and values must have compatible shapes.
absl::Status ScalarSummaryShape(ShapeContext& c) {
  if (!c.input(0).IsCompatibleWith(c.input(1))) {
    return absl::InvalidArgumentError(absl::StrCat("tags and values not the same shape: ",
                                                   c.input(0).DebugString(), " != ",
                                                   c.input(1).DebugString()));
  }
  c.set_output(0, PartialShape::Scalar());
  return absl::OkStatus();
}

// 3. Gradient: none (a summary is not differentiable).

// 4. Reference kernel: one Summary.Value{tag, simple_value} per element, in row-major order.
absl::Status ScalarSummaryKernel(KernelContext& c) {
  const Tensor& tags = c.input(0);
  const Tensor& values = c.input(1);
  if (tags.shape() != values.shape()) {
    return c.InvalidArgument("tags and values not the same shape: ", tags.shape().DebugString(),
                             " != ", values.shape().DebugString());
  }
  Summary summary;
  RETURN_IF_ERROR(DispatchDtype<RealTypes>(c, values.dtype(), [&]<typename T>() -> absl::Status {
    const std::string* t = tags.data<std::string>();
    const T* v = values.data<T>();
    for (int64_t i = 0; i < values.num_elements(); ++i) {
      Summary::Value* value = summary.add_value();
      value->set_tag(t[i]);
      value->set_simple_value(static_cast<float>(v[i]));
    }
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape()));
  summary.SerializeToString(out.data<std::string>());
  return absl::OkStatus();
}

// 5. LLVM emitter: none; a host op.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("ScalarSummary")
    .Input("tags: string")
    .Input("values: T")
    .Output("summary: string")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetShapeFn(ScalarSummaryShape)
    .SetNoGradient()
    .SetReferenceKernel(ScalarSummaryKernel)
    .Summary("Outputs a Summary protocol buffer with scalar values.");

namespace ops {

Output ScalarSummary(const Scope& scope, const Output& tags, const Output& values) {
  return OpBuilder(scope, "ScalarSummary").Input(tags).Input(values).Build().output(0);
}

}  // namespace ops
}  // namespace rill
