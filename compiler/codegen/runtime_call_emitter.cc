// Which nodes become runtime calls, with what arguments, and the few instructions of the kernel
// that makes the call (see runtime_call_emitter.h).
#include "compiler/codegen/runtime_call_emitter.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/kernel_skeleton.h"
#include "compiler/fused_ops.h"
#include "graph/node_signature.h"
#include "graph/types.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/attr_slice.h"
#include "ops/nn/window_geometry.h"

namespace rill::codegen {
namespace {

bool IsConvOp(const std::string& op) {
  return op == "Conv2D" || op == "Conv2DBackpropInput" || op == "Conv2DBackpropFilter" ||
         op == compiler::kFusedConv2DOp;
}

// Reads the fused_ops attr of a fused node: ["BiasAdd"] or ["BiasAdd", "Relu"].
absl::Status ReadEpilogue(const Node& node, const AttrSlice& attrs, RuntimeCallSpec* spec) {
  const AttrValue* value = attrs.Find(compiler::kFusedOpsAttr);
  std::vector<std::string> fused;
  if (value != nullptr) fused.assign(value->list().s().begin(), value->list().s().end());
  const bool ok = (fused.size() == 1 || fused.size() == 2) && fused[0] == "BiasAdd" &&
                  (fused.size() == 1 || fused[1] == "Relu");
  if (!ok || spec->inputs.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat(NodeContext(node), ": fused_ops must be [BiasAdd] or [BiasAdd, Relu] with "
                                        "one bias input"));
  }
  spec->bias_input = 2;
  spec->relu = fused.size() == 2;
  return absl::OkStatus();
}

// Gemm operands of MatMul / RillFusedMatMul: a [m,k] (or [k,m]), b [k,n] (or [n,k]).
bool MakeMatMulSpec(const AttrSlice& attrs, bool batch, RuntimeCallSpec* spec) {
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
                  RuntimeCallSpec* spec) {
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
                  RuntimeCallSpec* spec) {
  absl::StatusOr<nn::WindowAttrs> window = nn::GetPoolAttrs(attrs);
  if (!window.ok() || input.rank() != 4) return false;
  absl::StatusOr<nn::Window2D> w =
      nn::MakeWindow2D(*window, input, window->ksize[0], window->ksize[1]);
  if (!w.ok() || w->dilation_h != 1 || w->dilation_w != 1) return false;
  spec->geometry = {};
  const int64_t values[kPoolGeometrySize] = {w->batch,    w->in_h,     w->in_w,  w->in_depth,
                                             w->window_h, w->window_w, w->stride_h, w->stride_w,
                                             w->out_h,    w->out_w,    w->pad_top,  w->pad_left};
  for (int i = 0; i < kPoolGeometrySize; ++i) spec->geometry[i] = values[i];
  return output == TensorShape({w->batch, w->out_h, w->out_w, w->in_depth});
}

// BiasAddGrad (NHWC, rank >= 2) as the column sums of out_backprop viewed as [rows, channels].
bool MakeColumnSumsSpec(const AttrSlice& attrs, RuntimeCallSpec* spec) {
  absl::StatusOr<std::string> format = attrs.GetString("data_format");
  if (!format.ok() || *format != "NHWC" || spec->inputs.size() != 1) return false;
  const TensorShape& in = spec->inputs[0].shape;
  if (in.rank() < 2) return false;
  spec->kind = RuntimeCallKind::kColumnSums;
  spec->n = in.dim(in.rank() - 1);
  spec->m = spec->n == 0 ? 0 : in.num_elements() / spec->n;
  return spec->output.shape == TensorShape({spec->n});
}

}  // namespace

absl::StatusOr<bool> MakeRuntimeCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, RuntimeCallSpec* spec) {
  const std::string& op = node.op();
  const bool fused_matmul = op == compiler::kFusedMatMulOp;
  const bool matmul = op == "MatMul" || fused_matmul;
  const bool batch_matmul = op == "BatchMatMulV2";
  const bool column_sums = op == "BiasAddGrad";
  if (!matmul && !batch_matmul && !IsConvOp(op) && !IsPoolOp(op) && !column_sums) return false;
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
      spec->kind = op == "MaxPool" ? RuntimeCallKind::kMaxPool : RuntimeCallKind::kAvgPool;
      return n_in == 1 && MakePoolSpec(attrs, spec->inputs[0].shape, spec->output.shape, spec);
    }
    if (op == "MaxPoolGrad") {  // (orig_input, orig_output, grad) -> orig_input's shape
      spec->kind = RuntimeCallKind::kMaxPoolGrad;
      return n_in == 3 && MakePoolSpec(attrs, spec->inputs[0].shape, spec->inputs[2].shape, spec);
    }
    spec->kind = RuntimeCallKind::kAvgPoolGrad;  // (orig_input_shape, grad) -> that shape
    return n_in == 2 && MakePoolSpec(attrs, spec->output.shape, spec->inputs[1].shape, spec);
  }
  if (n_in < 2) return false;
  if (op == compiler::kFusedMatMulOp || op == compiler::kFusedConv2DOp) {
    RETURN_IF_ERROR(ReadEpilogue(node, attrs, spec));
  }
  // The bias must hold one value per output channel (the runtime reads that many): a malformed
  // fused node stays on its reference kernel, which reports the error.
  const int64_t channels = spec->output.shape.rank() > 0
                               ? spec->output.shape.dim(spec->output.shape.rank() - 1)
                               : -1;
  if (spec->bias_input >= 0 && spec->inputs[spec->bias_input].shape != TensorShape({channels})) {
    return false;
  }
  if (matmul || batch_matmul) {
    spec->kind = RuntimeCallKind::kGemm;
    return MakeMatMulSpec(attrs, batch_matmul, spec);
  }
  // Empty operands keep the loop emitter (the runtime's contract covers non-empty problems).
  for (const KernelOperand& in : spec->inputs) {
    if (in.shape.num_elements() == 0) return false;
  }
  const bool forward = op == "Conv2D" || op == compiler::kFusedConv2DOp;
  if (spec->output.shape.num_elements() == 0 || n_in < (op == "Conv2D" ? 2 : 3)) return false;
  if (forward) {
    spec->kind = RuntimeCallKind::kConvForward;
    return MakeConvSpec(attrs, spec->inputs[0].shape, spec->inputs[1].shape, spec) &&
           spec->output.shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                              spec->geometry[8], spec->geometry[6]});
  }
  if (op == "Conv2DBackpropInput") {  // (input_sizes, filter, out_backprop) -> input's shape
    spec->kind = RuntimeCallKind::kConvBackwardInput;
    return MakeConvSpec(attrs, spec->output.shape, spec->inputs[1].shape, spec) &&
           spec->inputs[2].shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                                 spec->geometry[8], spec->geometry[6]});
  }
  // Conv2DBackpropFilter: (input, filter_sizes, out_backprop) -> the filter's shape.
  spec->kind = RuntimeCallKind::kConvBackwardFilter;
  return MakeConvSpec(attrs, spec->inputs[0].shape, spec->output.shape, spec) &&
         spec->inputs[2].shape == TensorShape({spec->geometry[0], spec->geometry[7],
                                               spec->geometry[8], spec->geometry[6]});
}

absl::StatusOr<EmittedKernel> EmitRuntimeCallKernel(const RuntimeCallSpec& spec,
                                                    llvm::Module& module) {
  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  KernelSkeleton kernel(b, module, spec.symbol);
  const int n_in = static_cast<int>(spec.inputs.size());
  std::vector<llvm::Value*> in;
  for (int k = 0; k < n_in; ++k) in.push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
  llvm::Value* out = kernel.LoadBuffer(n_in, "out");
  llvm::Type* i32 = b.getInt32Ty();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();
  llvm::Type* void_type = b.getVoidTy();
  // The pool outlives every executable (runtime::SharedThreadPool never destroys its pools).
  llvm::Value* pool_arg =
      spec.thread_pool == nullptr
          ? static_cast<llvm::Value*>(llvm::ConstantPointerNull::get(b.getPtrTy()))
          : b.CreateIntToPtr(b.getInt64(reinterpret_cast<uintptr_t>(spec.thread_pool)), ptr,
                             "thread_pool");
  llvm::Value* bias = spec.bias_input >= 0
                          ? in[spec.bias_input]
                          : static_cast<llvm::Value*>(llvm::ConstantPointerNull::get(b.getPtrTy()));
  llvm::Value* relu = b.getInt32(spec.relu ? 1 : 0);
  const bool pool = spec.kind == RuntimeCallKind::kMaxPool ||
                    spec.kind == RuntimeCallKind::kMaxPoolGrad ||
                    spec.kind == RuntimeCallKind::kAvgPool ||
                    spec.kind == RuntimeCallKind::kAvgPoolGrad;
  auto geometry = [&]() -> llvm::Value* {
    std::vector<uint64_t> values(spec.geometry.begin(),
                                 spec.geometry.begin() + (pool ? kPoolGeometrySize
                                                               : kConvGeometrySize));
    auto* init = llvm::ConstantDataArray::get(ctx, values);
    return new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                    llvm::GlobalValue::PrivateLinkage, init,
                                    absl::StrCat(spec.symbol, "_geometry"));
  };
  if (spec.output.shape.num_elements() > 0) {
    switch (spec.kind) {
      case RuntimeCallKind::kGemm: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_sgemm",
            llvm::FunctionType::get(void_type, {i32, i32, i64, i64, i64, ptr, ptr, ptr, ptr, i32,
                                                i64, i64, i64, ptr},
                                    false));
        b.CreateCall(fn, {b.getInt32(spec.trans_a), b.getInt32(spec.trans_b), b.getInt64(spec.m),
                          b.getInt64(spec.n), b.getInt64(spec.k), in[0], in[1], out, bias, relu,
                          b.getInt64(spec.batch), b.getInt64(spec.a_batch_stride),
                          b.getInt64(spec.b_batch_stride), pool_arg});
        break;
      }
      case RuntimeCallKind::kConvForward: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_conv2d_forward",
            llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr, i32, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[0], in[1], bias, relu, out, pool_arg});
        break;
      }
      case RuntimeCallKind::kConvBackwardInput: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_conv2d_backward_input",
            llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[1], in[2], out, pool_arg});
        break;
      }
      case RuntimeCallKind::kMaxPool:
      case RuntimeCallKind::kAvgPool: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            spec.kind == RuntimeCallKind::kMaxPool ? "rill_rt_max_pool" : "rill_rt_avg_pool",
            llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[0], out, pool_arg});
        break;
      }
      case RuntimeCallKind::kMaxPoolGrad: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_max_pool_grad",
            llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[0], in[2], out, pool_arg});
        break;
      }
      case RuntimeCallKind::kAvgPoolGrad: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_avg_pool_grad", llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[1], out, pool_arg});
        break;
      }
      case RuntimeCallKind::kColumnSums: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_column_sums", llvm::FunctionType::get(void_type, {i64, i64, ptr, ptr, ptr},
                                                           false));
        b.CreateCall(fn, {b.getInt64(spec.m), b.getInt64(spec.n), in[0], out, pool_arg});
        break;
      }
      case RuntimeCallKind::kConvBackwardFilter: {
        llvm::FunctionCallee fn = module.getOrInsertFunction(
            "rill_rt_conv2d_backward_filter",
            llvm::FunctionType::get(void_type, {ptr, ptr, ptr, ptr, ptr}, false));
        b.CreateCall(fn, {geometry(), in[0], in[2], out, pool_arg});
        break;
      }
    }
  }
  kernel.Finish();
  return EmittedKernel{spec.symbol, kernel.failures().messages()};
}

}  // namespace rill::codegen
