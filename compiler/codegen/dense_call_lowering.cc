// Which dense nodes become calls of the runtime, and their arguments (see dense_call_lowering.h).
#include "compiler/codegen/dense_call_lowering.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/call_abi.h"
#include "compiler/fused_ops.h"
#include "graph/node_signature.h"
#include "graph/types.h"
#include "ops/attr_slice.h"
#include "ops/nn/window_geometry.h"

namespace rill::codegen {
namespace {

enum class DenseKind {
  kGemm,
  kConvForward,
  kConvBackwardInput,
  kConvBackwardFilter,
  kMaxPool,
  kMaxPoolGrad,
  kAvgPool,
  kAvgPoolGrad,
  kColumnSums,  // BiasAddGrad: `m` rows of `n` columns summed per column
};

// The problem one dense node poses the runtime.
struct DenseProblem {
  DenseKind kind = DenseKind::kGemm;
  std::vector<KernelOperand> inputs;  // the node's data inputs, in order
  KernelOperand output;
  // kGemm: `batch` products of m x k by k x n; operand strides per product (0: broadcast).
  bool trans_a = false, trans_b = false;
  int64_t m = 0, n = 0, k = 0;
  int64_t batch = 1, a_batch_stride = 0, b_batch_stride = 0;
  // Convolutions: runtime::Conv2DShape's fields in order; pools: runtime::Pool2DShape's.
  std::array<int64_t, kConvGeometrySize> geometry = {};
  // Epilogue (kGemm, kConvForward): the bias input's index or -1, and relu.
  int bias_input = -1;
  bool relu = false;
};

bool IsConvOp(const std::string& op) {
  return op == "Conv2D" || op == "Conv2DBackpropInput" || op == "Conv2DBackpropFilter" ||
         op == compiler::kFusedConv2DOp;
}

// Reads the fused_ops attr of a fused node: ["BiasAdd"] or ["BiasAdd", "Relu"].
absl::Status ReadEpilogue(const Node& node, const AttrSlice& attrs, DenseProblem* spec) {
  const AttrValue* value = attrs.Find(compiler::kFusedOpsAttr);
  std::vector<std::string> fused;
  if (value != nullptr) fused.assign(value->list().s().begin(), value->list().s().end());
  const bool ok = (fused.size() == 1 || fused.size() == 2) && fused[0] == "BiasAdd" &&
                  (fused.size() == 1 || fused[1] == "Relu");
  if (!ok || spec->inputs.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat(NodeContext(node),
                     ": fused_ops must be [BiasAdd] or [BiasAdd, Relu] with "
                     "one bias input"));
  }
  spec->bias_input = 2;
  spec->relu = fused.size() == 2;
  return absl::OkStatus();
}

// Gemm operands of MatMul / RillFusedMatMul: a [m,k] (or [k,m]), b [k,n] (or [n,k]).
bool MakeMatMulSpec(const AttrSlice& attrs, bool batch, DenseProblem* spec) {
  absl::StatusOr<bool> ta = attrs.GetBool(batch ? "adj_x" : "transpose_a");
  absl::StatusOr<bool> tb = attrs.GetBool(batch ? "adj_y" : "transpose_b");
  if (!ta.ok() || !tb.ok()) return false;
  const TensorShape& a = spec->inputs[0].shape;
  const TensorShape& b = spec->inputs[1].shape;
  const TensorShape& c = spec->output.shape;
  const int ra = a.rank(), rb = b.rank(), rc = c.rank();
  if (ra < 2 || rb < 2 || rc < 2 || (!batch && (ra != 2 || rb != 2))) return false;
  spec->trans_a = *ta;
  spec->trans_b = *tb;
  spec->m = c.dim(rc - 2);
  spec->n = c.dim(rc - 1);
  spec->k = a.dim(*ta ? ra - 2 : ra - 1);
  if (a.dim(*ta ? ra - 1 : ra - 2) != spec->m || b.dim(*tb ? rb - 1 : rb - 2) != spec->k ||
      b.dim(*tb ? rb - 2 : rb - 1) != spec->n) {
    return false;
  }
  // Batch dims: each operand either has the output's batch dims (after left-padding with 1s)
  // or none of them (all 1s: broadcast). Other broadcasts keep the loop emitter.
  spec->batch = 1;
  for (int d = 0; d < rc - 2; ++d) spec->batch *= c.dim(d);
  auto stride = [&](const TensorShape& s, int64_t matrix, int64_t* out) {
    int64_t own = 1;
    for (int d = 0; d < s.rank() - 2; ++d) own *= s.dim(d);
    if (own == 1) {
      *out = 0;
      return true;
    }
    if (s.rank() != rc) return false;
    for (int d = 0; d < rc - 2; ++d) {
      if (s.dim(d) != c.dim(d)) return false;
    }
    *out = matrix;
    return true;
  };
  return stride(a, spec->m * spec->k, &spec->a_batch_stride) &&
         stride(b, spec->k * spec->n, &spec->b_batch_stride);
}

// Conv geometry from the attrs and the NHWC input / HWIO filter shapes.
bool MakeConvSpec(const AttrSlice& attrs, const TensorShape& input, const TensorShape& filter,
                  DenseProblem* spec) {
  absl::StatusOr<nn::WindowAttrs> window = nn::GetConvAttrs(attrs);
  if (!window.ok() || input.rank() != 4 || filter.rank() != 4 || input.dim(3) != filter.dim(2)) {
    return false;
  }
  absl::StatusOr<nn::Window2D> w = nn::MakeWindow2D(*window, input, filter.dim(0), filter.dim(1));
  if (!w.ok()) return false;
  spec->geometry = {w->batch,      w->in_h,       w->in_w,       w->in_depth, filter.dim(0),
                    filter.dim(1), filter.dim(3), w->out_h,      w->out_w,    w->stride_h,
                    w->stride_w,   w->dilation_h, w->dilation_w, w->pad_top,  w->pad_left};
  return true;
}

bool IsPoolOp(const std::string& op) {
  return op == "MaxPool" || op == "MaxPoolGrad" || op == "AvgPool" || op == "AvgPoolGrad";
}

// Pool geometry from the attrs and the NHWC input shape; `output` is the pooled shape.
bool MakePoolSpec(const AttrSlice& attrs, const TensorShape& input, const TensorShape& output,
                  DenseProblem* spec) {
  absl::StatusOr<nn::WindowAttrs> window = nn::GetPoolAttrs(attrs);
  if (!window.ok() || input.rank() != 4) return false;
  absl::StatusOr<nn::Window2D> w =
      nn::MakeWindow2D(*window, input, window->ksize[0], window->ksize[1]);
  if (!w.ok() || w->dilation_h != 1 || w->dilation_w != 1) return false;
  spec->geometry = {};
  const int64_t values[kPoolGeometrySize] = {w->batch,    w->in_h,     w->in_w,     w->in_depth,
                                             w->window_h, w->window_w, w->stride_h, w->stride_w,
                                             w->out_h,    w->out_w,    w->pad_top,  w->pad_left};
  for (int i = 0; i < kPoolGeometrySize; ++i) spec->geometry[i] = values[i];
  return output == TensorShape({w->batch, w->out_h, w->out_w, w->in_depth});
}

// BiasAddGrad (NHWC, rank >= 2) as the column sums of out_backprop viewed as [rows, channels].
bool MakeColumnSumsSpec(const AttrSlice& attrs, DenseProblem* spec) {
  absl::StatusOr<std::string> format = attrs.GetString("data_format");
  if (!format.ok() || *format != "NHWC" || spec->inputs.size() != 1) return false;
  const TensorShape& in = spec->inputs[0].shape;
  if (in.rank() < 2) return false;
  spec->kind = DenseKind::kColumnSums;
  spec->n = in.dim(in.rank() - 1);
  spec->m = spec->n == 0 ? 0 : in.num_elements() / spec->n;
  return spec->output.shape == TensorShape({spec->n});
}

absl::StatusOr<bool> MakeDenseProblem(const Node& node, const ShapeRefiner& shapes,
                                      const OpRegistry& registry, DenseProblem* spec) {
  const std::string& op = node.op();
  const bool fused_matmul = op == compiler::kFusedMatMulOp;
  const bool matmul = op == "MatMul" || fused_matmul;
  const bool batch_matmul = op == "BatchMatMulV2";
  const bool column_sums = op == "BiasAddGrad";
  if (!HasDenseCallLowering(op)) return false;
  const OpRegistration* registration = registry.Find(op);
  if (registration == nullptr) return false;
  AttrSlice attrs(node.def().attr(), &registration->def);
  absl::StatusOr<DataType> t = attrs.GetType("T");
  if (!t.ok() || *t != DT_FLOAT) return false;
  for (const Edge* e : node.data_inputs()) {
    ASSIGN_OR_RETURN(auto in, shapes.output(*e->src, e->src_output));
    if (!in.second.IsFullyDefined()) return false;
    ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(in.second));
    spec->inputs.push_back({BaseType(in.first), std::move(shape)});
  }
  ASSIGN_OR_RETURN(auto out, shapes.output(node, 0));
  if (!out.second.IsFullyDefined()) return false;
  ASSIGN_OR_RETURN(spec->output.shape, TensorShape::FromPartial(out.second));
  spec->output.dtype = DT_FLOAT;
  const int n_in = static_cast<int>(spec->inputs.size());
  if (column_sums) return MakeColumnSumsSpec(attrs, spec);
  if (IsPoolOp(op)) {
    for (const KernelOperand& in : spec->inputs) {
      if (in.shape.num_elements() == 0) return false;
    }
    if (op == "MaxPool" || op == "AvgPool") {  // (input) -> pooled
      spec->kind = op == "MaxPool" ? DenseKind::kMaxPool : DenseKind::kAvgPool;
      return n_in == 1 && MakePoolSpec(attrs, spec->inputs[0].shape, spec->output.shape, spec);
    }
    if (op == "MaxPoolGrad") {  // (orig_input, orig_output, grad) -> orig_input's shape
      spec->kind = DenseKind::kMaxPoolGrad;
      return n_in == 3 && MakePoolSpec(attrs, spec->inputs[0].shape, spec->inputs[2].shape, spec);
    }
    spec->kind = DenseKind::kAvgPoolGrad;  // (orig_input_shape, grad) -> that shape
    return n_in == 2 && MakePoolSpec(attrs, spec->output.shape, spec->inputs[1].shape, spec);
  }
  if (n_in < 2) return false;
  if (op == compiler::kFusedMatMulOp || op == compiler::kFusedConv2DOp) {
    RETURN_IF_ERROR(ReadEpilogue(node, attrs, spec));
  }
  // The bias must hold one value per output channel (the runtime reads that many): a malformed
  // fused node stays on its reference kernel, which reports the error.
  const int64_t channels =
      spec->output.shape.rank() > 0 ? spec->output.shape.dim(spec->output.shape.rank() - 1) : -1;
  if (spec->bias_input >= 0 && spec->inputs[spec->bias_input].shape != TensorShape({channels})) {
    return false;
  }
  if (matmul || batch_matmul) {
    spec->kind = DenseKind::kGemm;
    return MakeMatMulSpec(attrs, batch_matmul, spec);
  }
  // Empty operands keep the loop emitter (the runtime's contract covers non-empty problems).
  for (const KernelOperand& in : spec->inputs) {
    if (in.shape.num_elements() == 0) return false;
  }
  const bool forward = op == "Conv2D" || op == compiler::kFusedConv2DOp;
  if (spec->output.shape.num_elements() == 0 || n_in < (op == "Conv2D" ? 2 : 3)) return false;
  if (forward) {
    spec->kind = DenseKind::kConvForward;
    return MakeConvSpec(attrs, spec->inputs[0].shape, spec->inputs[1].shape, spec) &&
           spec->output.shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                              spec->geometry[8], spec->geometry[6]});
  }
  if (op == "Conv2DBackpropInput") {  // (input_sizes, filter, out_backprop) -> input's shape
    spec->kind = DenseKind::kConvBackwardInput;
    return MakeConvSpec(attrs, spec->output.shape, spec->inputs[1].shape, spec) &&
           spec->inputs[2].shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                                 spec->geometry[8], spec->geometry[6]});
  }
  // Conv2DBackpropFilter: (input, filter_sizes, out_backprop) -> the filter's shape.
  spec->kind = DenseKind::kConvBackwardFilter;
  return MakeConvSpec(attrs, spec->inputs[0].shape, spec->output.shape, spec) &&
         spec->inputs[2].shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                               spec->geometry[8], spec->geometry[6]});
}

// The entry point and arguments of `p` (call_abi.h).
void SetCall(const DenseProblem& p, CallSpec* call) {
  using A = CallArg;
  const bool pool = p.kind == DenseKind::kMaxPool || p.kind == DenseKind::kMaxPoolGrad ||
                    p.kind == DenseKind::kAvgPool || p.kind == DenseKind::kAvgPoolGrad;
  const A geometry = A::Int64Array(std::vector<int64_t>(
      p.geometry.begin(), p.geometry.begin() + (pool ? kPoolGeometrySize : kConvGeometrySize)));
  const A bias = p.bias_input >= 0 ? A::Input(p.bias_input) : A::Null();
  const A relu = A::Int32(p.relu ? 1 : 0);
  const A out = A::Output(0);
  switch (p.kind) {
    case DenseKind::kGemm:
      call->entry = "rill_rt_sgemm";
      call->args = {A::Int32(p.trans_a),
                    A::Int32(p.trans_b),
                    A::Int64(p.m),
                    A::Int64(p.n),
                    A::Int64(p.k),
                    A::Input(0),
                    A::Input(1),
                    out,
                    bias,
                    relu,
                    A::Int64(p.batch),
                    A::Int64(p.a_batch_stride),
                    A::Int64(p.b_batch_stride),
                    A::ThreadPool()};
      break;
    case DenseKind::kConvForward:
      call->entry = "rill_rt_conv2d_forward";
      call->args = {geometry, A::Input(0), A::Input(1), bias, relu, out, A::ThreadPool()};
      break;
    case DenseKind::kConvBackwardInput:
      call->entry = "rill_rt_conv2d_backward_input";
      call->args = {geometry, A::Input(1), A::Input(2), out, A::ThreadPool()};
      break;
    case DenseKind::kConvBackwardFilter:
      call->entry = "rill_rt_conv2d_backward_filter";
      call->args = {geometry, A::Input(0), A::Input(2), out, A::ThreadPool()};
      break;
    case DenseKind::kMaxPool:
    case DenseKind::kAvgPool:
      call->entry = p.kind == DenseKind::kMaxPool ? "rill_rt_max_pool" : "rill_rt_avg_pool";
      call->args = {geometry, A::Input(0), out, A::ThreadPool()};
      break;
    case DenseKind::kMaxPoolGrad:
      call->entry = "rill_rt_max_pool_grad";
      call->args = {geometry, A::Input(0), A::Input(2), out, A::ThreadPool()};
      break;
    case DenseKind::kAvgPoolGrad:
      call->entry = "rill_rt_avg_pool_grad";
      call->args = {geometry, A::Input(1), out, A::ThreadPool()};
      break;
    case DenseKind::kColumnSums:
      call->entry = "rill_rt_column_sums";
      call->args = {A::Int64(p.m), A::Int64(p.n), A::Input(0), out, A::ThreadPool()};
      break;
  }
}

}  // namespace

bool HasDenseCallLowering(const std::string& op) {
  return op == "MatMul" || op == compiler::kFusedMatMulOp || op == "BatchMatMulV2" ||
         op == "BiasAddGrad" || IsConvOp(op) || IsPoolOp(op);
}

absl::StatusOr<bool> MakeDenseCallSpec(const Node& node, const ShapeRefiner& shapes,
                                       const OpRegistry& registry, CallSpec* spec) {
  DenseProblem problem;
  ASSIGN_OR_RETURN(bool dense, MakeDenseProblem(node, shapes, registry, &problem));
  if (!dense) return false;
  SetCall(problem, spec);
  spec->inputs = std::move(problem.inputs);
  spec->outputs = {std::move(problem.output)};
  spec->has_work = spec->outputs[0].shape.num_elements() > 0;
  return true;
}

}  // namespace rill::codegen
