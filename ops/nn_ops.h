// Client builders for the neural-network ops.
#ifndef RILL_OPS_NN_OPS_H_
#define RILL_OPS_NN_OPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "graph/scope.h"

namespace rill::ops {

// max(features, 0) elementwise.
Output Relu(const Scope& scope, const Output& features);
// Relu's gradient: gradients where features > 0, else 0.
Output ReluGrad(const Scope& scope, const Output& gradients, const Output& features);

// ---- nn family (helper nn) ----
// Window ops take TensorFlow's NHWC attrs: `strides`/`ksize` have 4 entries with 1 for batch and
// depth; `padding` is "SAME", "VALID" (or "EXPLICIT" with explicit_paddings where TensorFlow allows
// it). Only data_format "NHWC" runs; "NCHW" is Unimplemented.

// Optional attrs of Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter.
struct Conv2DAttrs {
  std::vector<int64_t> dilations = {1, 1, 1, 1};
  // With padding "EXPLICIT": before/after padding for N, H, W, C (8 values; N and C zero).
  std::vector<int64_t> explicit_paddings;
  std::string data_format = "NHWC";
  bool use_cudnn_on_gpu = true;  // accepted for TensorFlow compatibility; ignored
};

// 2-D convolution of `input` [batch, h, w, in_depth] with `filter` [fh, fw, in_depth, out_depth]
// (cross-correlation, as TensorFlow): [batch, out_h, out_w, out_depth].
Output Conv2D(const Scope& scope, const Output& input, const Output& filter,
              const std::vector<int64_t>& strides, absl::string_view padding,
              const Conv2DAttrs& attrs = {});
// The gradient of Conv2D with respect to its input, of shape `input_sizes` (an int32 vector:
// [batch, h, w, depth], or [h, w] with batch and depth taken from out_backprop and filter).
Output Conv2DBackpropInput(const Scope& scope, const Output& input_sizes, const Output& filter,
                           const Output& out_backprop, const std::vector<int64_t>& strides,
                           absl::string_view padding, const Conv2DAttrs& attrs = {});
// The gradient of Conv2D with respect to its filter, of shape `filter_sizes` (an int32 vector).
Output Conv2DBackpropFilter(const Scope& scope, const Output& input, const Output& filter_sizes,
                            const Output& out_backprop, const std::vector<int64_t>& strides,
                            absl::string_view padding, const Conv2DAttrs& attrs = {});

// Optional attrs of MaxPool and MaxPoolGrad.
struct MaxPoolAttrs {
  std::vector<int64_t> explicit_paddings;  // with padding "EXPLICIT"
  std::string data_format = "NHWC";
};
// The maximum over each ksize window of `input` (NaN propagates; padding is ignored).
Output MaxPool(const Scope& scope, const Output& input, const std::vector<int64_t>& ksize,
               const std::vector<int64_t>& strides, absl::string_view padding,
               const MaxPoolAttrs& attrs = {});
// MaxPool's gradient: each element of `grad` goes to the (first) maximum of its window in
// `orig_input`; shaped like orig_input.
Output MaxPoolGrad(const Scope& scope, const Output& orig_input, const Output& orig_output,
                   const Output& grad, const std::vector<int64_t>& ksize,
                   const std::vector<int64_t>& strides, absl::string_view padding,
                   const MaxPoolAttrs& attrs = {});

// Optional attrs of AvgPool and AvgPoolGrad.
struct AvgPoolAttrs {
  std::string data_format = "NHWC";
};
// The mean over each ksize window of `value`; with SAME only in-bounds elements are averaged.
Output AvgPool(const Scope& scope, const Output& value, const std::vector<int64_t>& ksize,
               const std::vector<int64_t>& strides, absl::string_view padding,
               const AvgPoolAttrs& attrs = {});
// AvgPool's gradient, of shape `orig_input_shape` (an int32 vector of 4 values).
Output AvgPoolGrad(const Scope& scope, const Output& orig_input_shape, const Output& grad,
                   const std::vector<int64_t>& ksize, const std::vector<int64_t>& strides,
                   absl::string_view padding, const AvgPoolAttrs& attrs = {});

// Optional attrs of BiasAdd and BiasAddGrad.
struct BiasAddAttrs {
  std::string data_format = "NHWC";
};
// value [..., C] + bias [C]. A composite (expands into AddV2).
Output BiasAdd(const Scope& scope, const Output& value, const Output& bias,
               const BiasAddAttrs& attrs = {});
// The sum of `out_backprop` [..., C] over all dims but the last: [C].
Output BiasAddGrad(const Scope& scope, const Output& out_backprop, const BiasAddAttrs& attrs = {});

// Optional attrs of BatchMatMulV2: adjoint (= transpose for real types) of x or y.
struct BatchMatMulAttrs {
  bool adj_x = false;
  bool adj_y = false;
};
// Matrix products of x [..., m, k] and y [..., k, n] with NumPy-broadcast batch dims.
Output BatchMatMulV2(const Scope& scope, const Output& x, const Output& y,
                     const BatchMatMulAttrs& attrs = {});

// exp(logits) / sum(exp(logits)) along the last dim. A composite (max-subtracted, stable).
Output Softmax(const Scope& scope, const Output& logits);
// logits - log(sum(exp(logits))) along the last dim. A composite (max-subtracted, stable).
Output LogSoftmax(const Scope& scope, const Output& logits);

// The two outputs of the cross-entropy ops: loss [batch] and its gradient [batch, classes].
struct SoftmaxCrossEntropyOutputs {
  Output loss;
  Output backprop;
};
// Cross entropy of softmax(features) against the distributions `labels` (features and labels
// broadcast to [batch, classes]). A composite.
SoftmaxCrossEntropyOutputs SoftmaxCrossEntropyWithLogits(const Scope& scope,
                                                         const Output& features,
                                                         const Output& labels);
// Cross entropy of softmax(features) [batch, classes] against class indices `labels` [batch]
// (int32/int64); a label outside [0, classes) is an InvalidArgument naming the node at run time.
SoftmaxCrossEntropyOutputs SparseSoftmaxCrossEntropyWithLogits(const Scope& scope,
                                                               const Output& features,
                                                               const Output& labels);

// sum(t ** 2) / 2, a scalar. A composite.
Output L2Loss(const Scope& scope, const Output& t);

// Whether targets[i] is among the k largest predictions[i, :] (predictions float [batch,
// classes], targets and k int32/int64); false for out-of-range targets and non-finite rows.
Output InTopKV2(const Scope& scope, const Output& predictions, const Output& targets,
                const Output& k);

}  // namespace rill::ops

#endif  // RILL_OPS_NN_OPS_H_
