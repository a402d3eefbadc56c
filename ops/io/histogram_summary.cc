// HistogramSummary: a serialized Summary holding a histogram (TensorFlow's HistogramSummary, the
// op behind TF 1.x tf.summary.histogram: inputs tag: string, values: T; output summary: string;
// attr T: real number types, default float). Buckets as TF's (io/histogram.h). Host op.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/summary.pb.h"
#include "io/histogram.h"
#include "ops/dtype_dispatch.h"
#include "ops/io_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: a string scalar; the tag must be a scalar.
absl::Status HistogramSummaryShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(0), 0, "tag").status());
  c.set_output(0, PartialShape::Scalar());
  return absl::OkStatus();
}

// 3. Gradient: none (a summary is not differentiable).

// 4. Reference kernel: every element into TF's default buckets; NaN or infinity is an error
// (TensorFlow's "Nan in summary histogram for: <tag>").
absl::Status HistogramSummaryKernel(KernelContext& c) {
  const Tensor& tag = c.input(0);
  if (tag.shape().rank() != 0) {
    return c.InvalidArgument("tag must be a scalar, got shape ", tag.shape().DebugString());
  }
  const std::string& name = tag.data<std::string>()[0];
  std::vector<double> values;
  const Tensor& in = c.input(1);
  RETURN_IF_ERROR(DispatchDtype<RealTypes>(c, in.dtype(), [&]<typename T>() -> absl::Status {
    const T* v = in.data<T>();
    values.assign(v, v + in.num_elements());
    return absl::OkStatus();
  }));
  absl::StatusOr<HistogramProto> histo = io::MakeHistogram(values);
  if (!histo.ok()) {
    return c.InvalidArgument("Nan in summary histogram for: ", name, " (",
                             histo.status().message(), ")");
  }
  Summary summary;
  Summary::Value* value = summary.add_value();
  value->set_tag(name);
  *value->mutable_histo() = *std::move(histo);
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape()));
  summary.SerializeToString(out.data<std::string>());
  return absl::OkStatus();
}

// 5. LLVM emitter: none; a host op.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("HistogramSummary")
    .Input("tag: string")
    .Input("values: T")
    .Output("summary: string")
    .Attr("T: {float, double, int32, int64, uint8} = DT_FLOAT")
    .SetShapeFn(HistogramSummaryShape)
    .SetNoGradient()
    .SetReferenceKernel(HistogramSummaryKernel)
    .Summary("Outputs a Summary protocol buffer with a histogram.");

namespace ops {

Output HistogramSummary(const Scope& scope, const Output& tag, const Output& values) {
  return OpBuilder(scope, "HistogramSummary").Input(tag).Input(values).Build().output(0);
}

}  // namespace ops
}  // namespace rill
