// MergeSummary: the union of serialized Summary protos (TensorFlow's MergeSummary, the op behind
// tf.summary.merge / merge_all: input inputs: N * string; output summary: string; attr N >= 1).
// Host op.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/summary.pb.h"
#include "ops/io_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: a string scalar (inputs may have any shape: every element is a Summary).
absl::Status MergeSummaryShape(ShapeContext& c) {
  c.set_output(0, PartialShape::Scalar());
  return absl::OkStatus();
}

// 3. Gradient: none.

// 4. Reference kernel: the values of every element of every input, in order; an unparsable
// element or a tag seen twice is an error naming the input and element.
absl::Status MergeSummaryKernel(KernelContext& c) {
  Summary merged;
  std::set<std::string> tags;
  for (int i = 0; i < c.num_inputs(); ++i) {
    const Tensor& in = c.input(i);
    const std::string* elems = in.data<std::string>();
    for (int64_t k = 0; k < in.num_elements(); ++k) {
      Summary summary;
      if (!summary.ParseFromString(elems[k])) {
        return c.InvalidArgument("Could not parse one of the summary inputs (input ", i,
                                 ", element ", k, ")");
      }
      for (Summary::Value& value : *summary.mutable_value()) {
        if (!tags.insert(value.tag()).second) {
          return c.InvalidArgument("Duplicate tag ", value.tag(), " found in summary inputs");
        }
        *merged.add_value() = std::move(value);
      }
    }
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape()));
  merged.SerializeToString(out.data<std::string>());
  return absl::OkStatus();
}

// 5. LLVM emitter: none; a host op.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("MergeSummary")
    .Input("inputs: N * string")
    .Output("summary: string")
    .Attr("N: int >= 1")
    .SetShapeFn(MergeSummaryShape)
    .SetNoGradient()
    .SetReferenceKernel(MergeSummaryKernel)
    .Summary("Merges summaries.");

namespace ops {

Output MergeSummary(const Scope& scope, const std::vector<Output>& inputs) {
  OpBuilder builder(scope, "MergeSummary");
  for (const Output& in : inputs) builder.Input(in);
  return builder.Attr("N", static_cast<int64_t>(inputs.size())).Build().output(0);
}

}  // namespace ops
}  // namespace rill
