// Registers RillFusedMatMul and RillFusedConv2D (see fused_ops.h) with shape functions and
// reference kernels: the unfused ops' loops (same accumulation order), then + bias, then Relu's
// rule x < 0 ? 0 : x, so an unlowered fused node computes exactly what the unfused graph did.
#include "compiler/fused_ops.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/kernel_context.h"
#include "ops/nn/window_geometry.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill::compiler {
namespace {

// The fused_ops attr as (bias, relu); InvalidArgument for anything but the two supported lists.
absl::StatusOr<bool> ReadReluFlag(const AttrSlice& attrs, int num_inputs) {
  const AttrValue* value = attrs.Find(kFusedOpsAttr);
  std::vector<std::string> fused;
  if (value != nullptr) fused.assign(value->list().s().begin(), value->list().s().end());
  if (fused.empty() || fused.size() > 2 || fused[0] != "BiasAdd" ||
      (fused.size() == 2 && fused[1] != "Relu")) {
    return absl::InvalidArgumentError("fused_ops must be [BiasAdd] or [BiasAdd, Relu]");
  }
  if (num_inputs != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("fused_ops [BiasAdd...] needs exactly one bias argument, got ",
                     num_inputs - 2));
  }
  return fused.size() == 2;
}

// + bias[channel] then (optionally) Relu, over a row-major output whose last dim is the channel.
absl::Status ApplyEpilogue(KernelContext& c, const Tensor& bias, bool relu, Tensor& out) {
  const int64_t channels = out.shape().dim(out.shape().rank() - 1);
  if (bias.shape().rank() != 1 || bias.shape().dim(0) != channels) {
    return c.InvalidArgument("bias must have shape [", channels, "], got ",
                             bias.shape().DebugString());
  }
  float* y = out.data<float>();
  const float* pb = bias.data<float>();
  const int64_t n = out.shape().num_elements();
  for (int64_t i = 0; i < n; ++i) {
    float v = y[i] + pb[i % channels];
    if (relu) v = v < 0.0f ? 0.0f : v;
    y[i] = v;
  }
  return absl::OkStatus();
}

absl::Status FusedMatMulKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool relu, ReadReluFlag(c.attrs(), c.num_inputs()));
  ASSIGN_OR_RETURN(bool ta, c.attrs().GetBool("transpose_a"));
  ASSIGN_OR_RETURN(bool tb, c.attrs().GetBool("transpose_b"));
  const Tensor& a = c.input(0);
  const Tensor& b = c.input(1);
  if (a.dtype() != DT_FLOAT || a.shape().rank() != 2 || b.shape().rank() != 2) {
    return c.InvalidArgument("inputs must be float matrices, got a: ", a.shape().DebugString(),
                             ", b: ", b.shape().DebugString());
  }
  const int64_t m = a.shape().dim(ta ? 1 : 0);
  const int64_t k = a.shape().dim(ta ? 0 : 1);
  const int64_t n = b.shape().dim(tb ? 0 : 1);
  if (b.shape().dim(tb ? 1 : 0) != k) {
    return c.InvalidArgument("inner dims ", k, " vs ", b.shape().dim(tb ? 1 : 0));
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({m, n})));
  const float* pa = a.data<float>();
  const float* pb = b.data<float>();
  float* po = out.data<float>();
  const int64_t a_cols = a.shape().dim(1);
  const int64_t b_cols = b.shape().dim(1);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int64_t p = 0; p < k; ++p) {
        acc += (ta ? pa[p * a_cols + i] : pa[i * a_cols + p]) *
               (tb ? pb[j * b_cols + p] : pb[p * b_cols + j]);
      }
      po[i * n + j] = acc;
    }
  }
  return ApplyEpilogue(c, c.input(2), relu, out);
}

absl::Status FusedConv2DShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "input"));
  ASSIGN_OR_RETURN(PartialShape filter, shape_fns::WithRank(c.input(1), 4, "filter"));
  RETURN_IF_ERROR(nn::CheckConvDepth(input.dim(3), filter.dim(2)));
  ASSIGN_OR_RETURN(PartialShape out, nn::WindowOutputShape(attrs, input, filter.dim(0),
                                                           filter.dim(1), filter.dim(3)));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

absl::Status FusedConv2DKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool relu, ReadReluFlag(c.attrs(), c.num_inputs()));
  const Tensor& input = c.input(0);
  const Tensor& filter = c.input(1);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  if (input.dtype() != DT_FLOAT || filter.shape().rank() != 4) {
    return c.InvalidArgument("needs a float input and a rank-4 filter, got ",
                             filter.shape().DebugString());
  }
  const TensorShape& f = filter.shape();
  RETURN_IF_ERROR(nn::CheckConvDepth(input.shape().rank() == 4 ? input.shape().dim(3) : -1,
                                     f.dim(2)));
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, input.shape(), f.dim(0), f.dim(1)));
  ASSIGN_OR_RETURN(TensorShape out_shape,
                   TensorShape::Create({w.batch, w.out_h, w.out_w, f.dim(3)}));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  const float* x = input.data<float>();
  const float* k = filter.data<float>();
  float* y = out.data<float>();
  nn::ForEachConvTap(w, f.dim(3),
                     [&](int64_t i, int64_t j, int64_t o) { y[o] += x[i] * k[j]; });
  return ApplyEpilogue(c, c.input(2), relu, out);
}

RILL_REGISTER_OP(kFusedMatMulOp)
    .Input("a: T")
    .Input("b: T")
    .Input("args: num_args * T")
    .Output("product: T")
    .Attr("T: {float}")
    .Attr("transpose_a: bool = false")
    .Attr("transpose_b: bool = false")
    .Attr("num_args: int >= 0")
    .Attr("fused_ops: list(string) = []")
    .SetShapeFn(shape_fns::MatMulShape)
    .SetReferenceKernel(FusedMatMulKernel)
    .Summary("MatMul with a fused bias add and optional Relu (TensorFlow's _FusedMatMul).");

RILL_REGISTER_OP(kFusedConv2DOp)
    .Input("input: T")
    .Input("filter: T")
    .Input("args: num_args * T")
    .Output("output: T")
    .Attr("T: {float}")
    .Attr("strides: list(int)")
    .Attr("use_cudnn_on_gpu: bool = true")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("dilations: list(int) = [1, 1, 1, 1]")
    .Attr("num_args: int >= 0")
    .Attr("fused_ops: list(string) = []")
    .SetShapeFn(FusedConv2DShape)
    .SetReferenceKernel(FusedConv2DKernel)
    .Summary("Conv2D with a fused bias add and optional Relu (TensorFlow's _FusedConv2D).");

}  // namespace
}  // namespace rill::compiler
