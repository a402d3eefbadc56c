// Pool2D: the runtime's single-precision 2-D max and average pooling and their gradients
// (TensorFlow's MaxPool, MaxPoolGrad, AvgPool, AvgPoolGrad; NHWC), vectorised over channels and
// called by compiled kernels. Each output element is computed in the same order as ops/nn's
// reference kernels, so results are bitwise equal to them and independent of the thread count.
#ifndef RILL_RUNTIME_POOL2D_H_
#define RILL_RUNTIME_POOL2D_H_

#include <cstdint>

#include "runtime/thread_pool.h"

namespace rill::runtime {

// The geometry of one pooling; the caller (shape inference) has computed the output size and the
// top/left padding (SAME: pad = max((out-1)*stride + window - in, 0), top gets pad/2; VALID: 0).
// Window (oy, ox) reads input rows oy*stride_h - pad_top + [0, window_h) and likewise columns;
// taps outside the input take no part (they are neither compared nor counted).
struct Pool2DShape {
  int64_t batch = 0;
  int64_t in_h = 0, in_w = 0, channels = 0;
  int64_t window_h = 1, window_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t out_h = 0, out_w = 0;
  int64_t pad_top = 0, pad_left = 0;
};

// output[b, oy, ox, c] = the maximum over the window's in-bounds taps; a NaN in the window is the
// result (the first NaN in window order); a window without in-bounds taps gives -inf.
void MaxPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool);

// in_backprop (the input's shape) = 0, plus each grad element added to the tap MaxPool picked in
// its window (the first maximum, or the first NaN, in row-major window order), windows in
// row-major order.
void MaxPoolGrad(const Pool2DShape& s, const float* input, const float* grad, float* in_backprop,
                 ThreadPool* pool);

// output = the sum of the window's in-bounds taps (from 0, in window order) divided by their
// count; a window without in-bounds taps gives 0.
void AvgPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool);

// in_backprop = 0, plus grad / count added to each in-bounds tap of its window (windows in
// row-major order).
void AvgPoolGrad(const Pool2DShape& s, const float* grad, float* in_backprop, ThreadPool* pool);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_POOL2D_H_
