// The dense entry points of call_abi.h (GEMM, convolutions, pools, column sums): unpack the flat
// arguments into the runtime's structs and call the runtime, which splits over the pool itself.
#include <cstdint>

#include "compiler/codegen/call_abi.h"
#include "compiler/codegen/call_pool.h"
#include "runtime/column_sums.h"
#include "runtime/conv2d.h"
#include "runtime/gemm.h"
#include "runtime/pool2d.h"

namespace {

rill::runtime::Conv2DShape UnpackGeometry(const int64_t* g) {
  rill::runtime::Conv2DShape s;
  int64_t* fields[] = {&s.batch,    &s.in_h,       &s.in_w,       &s.in_c,    &s.filter_h,
                       &s.filter_w, &s.out_c,      &s.out_h,      &s.out_w,   &s.stride_h,
                       &s.stride_w, &s.dilation_h, &s.dilation_w, &s.pad_top, &s.pad_left};
  static_assert(sizeof(fields) / sizeof(fields[0]) == rill::codegen::kConvGeometrySize);
  for (int i = 0; i < rill::codegen::kConvGeometrySize; ++i) *fields[i] = g[i];
  return s;
}

rill::runtime::Pool2DShape UnpackPoolGeometry(const int64_t* g) {
  rill::runtime::Pool2DShape s;
  int64_t* fields[] = {&s.batch,    &s.in_h,     &s.in_w,  &s.channels, &s.window_h, &s.window_w,
                       &s.stride_h, &s.stride_w, &s.out_h, &s.out_w,    &s.pad_top,  &s.pad_left};
  static_assert(sizeof(fields) / sizeof(fields[0]) == rill::codegen::kPoolGeometrySize);
  for (int i = 0; i < rill::codegen::kPoolGeometrySize; ++i) *fields[i] = g[i];
  return s;
}

using rill::codegen::CallPool;

}  // namespace

extern "C" {

void rill_rt_sgemm(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k,
                   const float* a, const float* b, float* c, const float* bias, int32_t relu,
                   int64_t batch, int64_t a_batch_stride, int64_t b_batch_stride, void* pool) {
  rill::runtime::GemmArgs args;
  args.trans_a = trans_a != 0;
  args.trans_b = trans_b != 0;
  args.m = m;
  args.n = n;
  args.k = k;
  args.lda = args.trans_a ? m : k;
  args.ldb = args.trans_b ? k : n;
  args.ldc = n;
  args.epilogue.bias = bias;
  args.epilogue.relu = relu != 0;
  for (int64_t i = 0; i < batch; ++i) {
    args.a = a + i * a_batch_stride;
    args.b = b + i * b_batch_stride;
    args.c = c + i * m * n;
    rill::runtime::Sgemm(args, CallPool(pool));
  }
}

void rill_rt_conv2d_forward(const int64_t* geometry, const float* input, const float* filter,
                            const float* bias, int32_t relu, float* output, void* pool) {
  rill::runtime::Conv2DForward(UnpackGeometry(geometry), input, filter, bias, relu != 0, output,
                               CallPool(pool));
}

void rill_rt_conv2d_backward_input(const int64_t* geometry, const float* filter,
                                   const float* out_backprop, float* in_backprop, void* pool) {
  rill::runtime::Conv2DBackwardInput(UnpackGeometry(geometry), filter, out_backprop, in_backprop,
                                     CallPool(pool));
}

void rill_rt_conv2d_backward_filter(const int64_t* geometry, const float* input,
                                    const float* out_backprop, float* filter_backprop, void* pool) {
  rill::runtime::Conv2DBackwardFilter(UnpackGeometry(geometry), input, out_backprop,
                                      filter_backprop, CallPool(pool));
}

void rill_rt_max_pool(const int64_t* geometry, const float* input, float* output, void* pool) {
  rill::runtime::MaxPool(UnpackPoolGeometry(geometry), input, output, CallPool(pool));
}

void rill_rt_max_pool_grad(const int64_t* geometry, const float* input, const float* grad,
                           float* in_backprop, void* pool) {
  rill::runtime::MaxPoolGrad(UnpackPoolGeometry(geometry), input, grad, in_backprop,
                             CallPool(pool));
}

void rill_rt_avg_pool(const int64_t* geometry, const float* input, float* output, void* pool) {
  rill::runtime::AvgPool(UnpackPoolGeometry(geometry), input, output, CallPool(pool));
}

void rill_rt_avg_pool_grad(const int64_t* geometry, const float* grad, float* in_backprop,
                           void* pool) {
  rill::runtime::AvgPoolGrad(UnpackPoolGeometry(geometry), grad, in_backprop, CallPool(pool));
}

void rill_rt_column_sums(int64_t m, int64_t n, const float* x, float* sums, void* pool) {
  rill::runtime::ColumnSums(m, n, x, sums, CallPool(pool));
}

}  // extern "C"
