// Which softmax and cross-entropy nodes become calls of the row routines, and their arguments
// (see softmax_call_lowering.h).
#include "compiler/codegen/softmax_call_lowering.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/call_lowering.h"
#include "graph/node_signature.h"
#include "ops/nn/softmax_row.h"

namespace rill::codegen {

bool HasSoftmaxCallLowering(const std::string& op) {
  return op == "SparseSoftmaxCrossEntropyWithLogits" || op == "SoftmaxCrossEntropyWithLogits" ||
         op == "Softmax" || op == "LogSoftmax";
}

absl::StatusOr<bool> MakeSoftmaxCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, CallSpec* spec) {
  const std::string& op = node.op();
  if (!HasSoftmaxCallLowering(op)) return false;
  ASSIGN_OR_RETURN(bool known, CollectCallOperands(node, shapes, registry, spec));
  if (!known) return false;
  using A = CallArg;
  const DataType dtype = spec->outputs[0].dtype;
  if (dtype != DT_FLOAT && dtype != DT_DOUBLE) return false;
  const int32_t wide = dtype == DT_DOUBLE;
  spec->returns_code = true;
  spec->failure_message = absl::StrCat(NodeContext(node), ": cannot fail");
  if (op == "Softmax" || op == "LogSoftmax") {
    if (spec->inputs.size() != 1 || spec->inputs[0].shape.rank() < 1) {
      return false;  // the reference kernel reports the error
    }
    const TensorShape& logits = spec->inputs[0].shape;
    const int64_t classes = logits.dim(logits.rank() - 1);
    const int64_t rows = classes == 0 ? 0 : logits.num_elements() / classes;
    spec->has_work = rows > 0;
    spec->entry = "rill_rt_softmax";
    spec->args = {A::Int32(op == "LogSoftmax"),
                  A::Int32(wide),
                  A::Int64(rows),
                  A::Int64(classes),
                  A::Input(0),
                  A::Output(0),
                  A::ThreadPool()};
    return true;
  }
  if (spec->inputs.size() != 2 || spec->outputs.size() != 2) return false;
  if (op == "SoftmaxCrossEntropyWithLogits") {
    const TensorShape& f = spec->inputs[0].shape;
    const TensorShape& l = spec->inputs[1].shape;
    XentBroadcast x;
    if (!MakeXentBroadcast(f.dims().data(), f.rank(), l.dims().data(), l.rank(), &x)) {
      return false;  // the reference kernel reports the error
    }
    spec->has_work = x.batch > 0;
    spec->entry = "rill_rt_softmax_xent";
    spec->args = {A::Int32(wide),        A::Int64(x.batch),     A::Int64(x.classes),
                  A::Int64(x.f_rows),    A::Int64(x.f_classes), A::Int64(x.l_rows),
                  A::Int64(x.l_classes), A::Input(0),           A::Input(1),
                  A::Output(0),          A::Output(1),          A::ThreadPool()};
    return true;
  }
  // SparseSoftmaxCrossEntropyWithLogits: features [batch, classes], labels [batch].
  const TensorShape& features = spec->inputs[0].shape;
  const TensorShape& labels = spec->inputs[1].shape;
  if (features.rank() != 2 || labels.rank() != 1 || labels.dim(0) != features.dim(0) ||
      (spec->inputs[1].dtype != DT_INT32 && spec->inputs[1].dtype != DT_INT64)) {
    return false;  // the reference kernel reports the error
  }
  const int64_t batch = features.dim(0);
  const int64_t classes = features.dim(1);
  if (batch > 0 && classes == 0) return false;  // likewise
  spec->has_work = batch > 0;
  spec->entry = "rill_rt_sparse_xent";
  spec->args = {A::Int32(wide),      A::Int32(spec->inputs[1].dtype == DT_INT64),
                A::Int64(batch),     A::Int64(classes),
                A::Input(0),         A::Input(1),
                A::Output(0),        A::Output(1),
                A::FailureDetails(), A::ThreadPool()};
  spec->failure_message =
      absl::StrCat(SubstituteSafeContext(node), ": label $0 at index $1 is outside the ",
                   "valid range [0, ", classes, ")");
  return true;
}

}  // namespace rill::codegen
