// Conv2D: the runtime's single-precision 2-D convolutions (TensorFlow's Conv2D and its two
// backward passes), NHWC input/output and HWIO filters, called by compiled kernels. Threads split
// output elements only, so results are bitwise independent of the thread count.
#ifndef RILL_RUNTIME_CONV2D_H_
#define RILL_RUNTIME_CONV2D_H_

#include <cstdint>

#include "runtime/thread_pool.h"

namespace rill::runtime {

// The geometry of one convolution; the caller (shape inference) has computed the output size and
// the top/left padding (TF's SAME: pad = max((out-1)*stride + (f-1)*dilation + 1 - in, 0), top
// gets pad/2; VALID: 0). Input pixel of output (oy, ox), tap (fy, fx):
//   iy = oy*stride_h + fy*dilation_h - pad_top, ix = ox*stride_w + fx*dilation_w - pad_left,
// taps outside the input contribute nothing.
struct Conv2DShape {
  int64_t batch = 0;
  int64_t in_h = 0, in_w = 0, in_c = 0;
  int64_t filter_h = 0, filter_w = 0, out_c = 0;
  int64_t out_h = 0, out_w = 0;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0;
};

// output[batch, out_h, out_w, out_c] = conv(input[batch, in_h, in_w, in_c],
// filter[filter_h, filter_w, in_c, out_c]); with a bias (out_c values) and/or relu fused.
void Conv2DForward(const Conv2DShape& s, const float* input, const float* filter,
                   const float* bias, bool relu, float* output, ThreadPool* pool);

// in_backprop[batch, in_h, in_w, in_c] = d loss / d input, from out_backprop[batch, out_h,
// out_w, out_c] and the filter (TF's Conv2DBackpropInput).
void Conv2DBackwardInput(const Conv2DShape& s, const float* filter, const float* out_backprop,
                         float* in_backprop, ThreadPool* pool);

// filter_backprop[filter_h, filter_w, in_c, out_c] = d loss / d filter (TF's
// Conv2DBackpropFilter).
void Conv2DBackwardFilter(const Conv2DShape& s, const float* input, const float* out_backprop,
                          float* filter_backprop, ThreadPool* pool);

// Direct loops (double-checked index arithmetic, float accumulation), the yardstick for tests.
void Conv2DForwardReference(const Conv2DShape& s, const float* input, const float* filter,
                            const float* bias, bool relu, float* output);
void Conv2DBackwardInputReference(const Conv2DShape& s, const float* filter,
                                  const float* out_backprop, float* in_backprop);
void Conv2DBackwardFilterReference(const Conv2DShape& s, const float* input,
                                   const float* out_backprop, float* filter_backprop);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_CONV2D_H_
