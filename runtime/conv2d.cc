// Conv2D*: PLACEHOLDER (the reference loops) so the compiler can be integrated while the fast
// kernels are written; the pool is unused until then.
#include "runtime/conv2d.h"

namespace rill::runtime {

void Conv2DForward(const Conv2DShape& s, const float* input, const float* filter,
                   const float* bias, bool relu, float* output, ThreadPool*) {
  Conv2DForwardReference(s, input, filter, bias, relu, output);
}

void Conv2DBackwardInput(const Conv2DShape& s, const float* filter, const float* out_backprop,
                         float* in_backprop, ThreadPool*) {
  Conv2DBackwardInputReference(s, filter, out_backprop, in_backprop);
}

void Conv2DBackwardFilter(const Conv2DShape& s, const float* input, const float* out_backprop,
                          float* filter_backprop, ThreadPool*) {
  Conv2DBackwardFilterReference(s, input, out_backprop, filter_backprop);
}

}  // namespace rill::runtime
