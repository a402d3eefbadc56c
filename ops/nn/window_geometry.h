// Geometry of 2-D sliding windows in NHWC tensors, shared by Conv2D, its backprops and the pools:
// reading and checking the strides/ksize/dilations/padding/explicit_paddings/data_format attrs
// (TensorFlow's names and rules), and the output size and padding of each spatial dim.
#ifndef RILL_OPS_NN_WINDOW_GEOMETRY_H_
#define RILL_OPS_NN_WINDOW_GEOMETRY_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/attr_slice.h"

namespace rill::nn {

// TensorFlow's padding algorithms.
enum class Padding { kSame, kValid, kExplicit };

// The window attrs of one node, for the two spatial dims (0 = height, 1 = width).
struct WindowAttrs {
  std::array<int64_t, 2> ksize = {1, 1};  // pools only (convolutions take it from the filter)
  std::array<int64_t, 2> strides = {1, 1};
  std::array<int64_t, 2> dilations = {1, 1};
  Padding padding = Padding::kValid;
  // EXPLICIT padding only: {before, after} per spatial dim.
  std::array<std::array<int64_t, 2>, 2> explicit_pads = {};
};

// OK when the data_format attr is "NHWC"; Unimplemented "data_format NCHW is not supported (only
// NHWC)" otherwise. (Also used by BiasAdd/BiasAddGrad.)
absl::Status CheckDataFormatNhwc(const AttrSlice& attrs);

// Reads the attrs of Conv2D and its backprops: strides, dilations, padding, explicit_paddings,
// data_format. InvalidArgument for a malformed attr ("strides must have 4 elements, got 3",
// "strides in the batch and depth dimensions must be 1, got [2,1,1,1]", non-positive values,
// explicit_paddings that are not 8 non-negative values with zero batch/depth padding, or given
// without padding EXPLICIT); Unimplemented "data_format NCHW is not supported (only NHWC)".
absl::StatusOr<WindowAttrs> GetConvAttrs(const AttrSlice& attrs);

// Reads the attrs of the pools: ksize, strides, padding, data_format, and explicit_paddings
// when the op declares it (MaxPool, MaxPoolGrad). Same errors as GetConvAttrs; ksize must have
// 4 positive entries, and pooling across the batch dim is InvalidArgument, across the depth dim
// Unimplemented (TensorFlow supports it only for MaxPool in special cases).
absl::StatusOr<WindowAttrs> GetPoolAttrs(const AttrSlice& attrs);

// Output size and padding of one spatial dim.
struct WindowDim {
  int64_t output = 0;
  int64_t pad_before = 0;
  int64_t pad_after = 0;
};

// TensorFlow's windowed output size for an input of `input` elements, a window of `window`
// taps `dilation` apart and stride `stride` along spatial dim `dim` of `attrs`:
// VALID: ceil((input - effective_window + 1) / stride); SAME: ceil(input / stride), padded by
// max(0, (output - 1) * stride + effective_window - input), the smaller half first; EXPLICIT:
// (input + pads - effective_window) / stride + 1. InvalidArgument when the output would be
// negative ("computed output size would be negative: -1 [input 2, effective window 4, stride 1]")
// or the window is empty.
absl::StatusOr<WindowDim> ComputeWindowDim(const WindowAttrs& attrs, int dim, int64_t input,
                                           int64_t window);

// As ComputeWindowDim for shape functions: -1 (unknown) when the input size is, or the window
// size is and the padding is not SAME.
absl::StatusOr<int64_t> WindowOutputSize(const WindowAttrs& attrs, int dim, int64_t input,
                                         int64_t window);

// The output shape [batch, out_h, out_w, depth] of a window over an NHWC `input` shape with a
// window of `window_h` x `window_w` (any entry may be unknown = -1).
absl::StatusOr<PartialShape> WindowOutputShape(const WindowAttrs& attrs, const PartialShape& input,
                                               int64_t window_h, int64_t window_w, int64_t depth);

// Checks that an input depth matches a filter's in_depth (either may be -1 = unknown):
// InvalidArgument "input depth 3 does not match filter in_depth 2", or Unimplemented when the
// input depth is a multiple of it (TensorFlow's grouped convolution, not supported).
absl::Status CheckConvDepth(int64_t input_depth, int64_t filter_in_depth);

// The full geometry of one 2-D window op on concrete NHWC shapes.
struct Window2D {
  int64_t batch = 0;
  int64_t in_h = 0, in_w = 0, in_depth = 0;
  int64_t window_h = 1, window_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t out_h = 0, out_w = 0;
  int64_t pad_top = 0, pad_left = 0;  // input row/col of output (0, 0)'s first tap is -pad
};

// The geometry of a window of window_h x window_w over a rank-4 `input`.
absl::StatusOr<Window2D> MakeWindow2D(const WindowAttrs& attrs, const TensorShape& input,
                                      int64_t window_h, int64_t window_w);

// The dims held by a 1-D int32 sizes tensor (Conv2DBackpropInput's input_sizes, ...), each
// non-negative: InvalidArgument "<what> must be a vector, got [2,2]" / "... has a negative
// dim -1".
absl::StatusOr<std::vector<int64_t>> SizesValues(const Tensor& sizes, absl::string_view what);

// Checks that a convolution's out_backprop has the forward output's shape [batch, out_h, out_w,
// out_depth] for geometry `w`: InvalidArgument "out_backprop has shape [1,3,3,2] but the
// convolution's output has shape [1,4,4,2]".
absl::Status CheckOutBackprop(const Window2D& w, int64_t out_depth, const TensorShape& out_backprop);

// Calls fn(in_index, filter_index, out_index) for every tap of a convolution with geometry `w`
// (window = filter spatial size) and `out_depth` output channels whose input element is in
// bounds: flat NHWC input index, flat HWIO filter index, flat NHWC output index. Conv2D and both
// backprops are this one loop with a different multiply-accumulate, which keeps them adjoint.
template <typename Fn>
void ForEachConvTap(const Window2D& w, int64_t out_depth, Fn&& fn) {
  for (int64_t b = 0; b < w.batch; ++b) {
    for (int64_t oh = 0; oh < w.out_h; ++oh) {
      for (int64_t ow = 0; ow < w.out_w; ++ow) {
        const int64_t out_base = ((b * w.out_h + oh) * w.out_w + ow) * out_depth;
        for (int64_t kh = 0; kh < w.window_h; ++kh) {
          const int64_t ih = oh * w.stride_h + kh * w.dilation_h - w.pad_top;
          if (ih < 0 || ih >= w.in_h) continue;
          for (int64_t kw = 0; kw < w.window_w; ++kw) {
            const int64_t iw = ow * w.stride_w + kw * w.dilation_w - w.pad_left;
            if (iw < 0 || iw >= w.in_w) continue;
            const int64_t in_base = ((b * w.in_h + ih) * w.in_w + iw) * w.in_depth;
            const int64_t filter_base = (kh * w.window_w + kw) * w.in_depth * out_depth;
            for (int64_t ic = 0; ic < w.in_depth; ++ic) {
              for (int64_t oc = 0; oc < out_depth; ++oc) {
                fn(in_base + ic, filter_base + ic * out_depth + oc, out_base + oc);
              }
            }
          }
        }
      }
    }
  }
}

// Calls fn(out_index, taps) for every output element (flat NHWC index, depth = input depth) of a
// pool with geometry `w`, where `taps` (a std::vector<int64_t>) holds the flat input indices of
// the window's in-bounds elements in row-major window order. Padding contributes no taps, so
// SAME pools see only real elements.
template <typename Fn>
void ForEachPoolWindow(const Window2D& w, Fn&& fn) {
  std::vector<int64_t> taps;
  for (int64_t b = 0; b < w.batch; ++b) {
    for (int64_t oh = 0; oh < w.out_h; ++oh) {
      for (int64_t ow = 0; ow < w.out_w; ++ow) {
        for (int64_t c = 0; c < w.in_depth; ++c) {
          taps.clear();
          for (int64_t kh = 0; kh < w.window_h; ++kh) {
            const int64_t ih = oh * w.stride_h + kh - w.pad_top;
            if (ih < 0 || ih >= w.in_h) continue;
            for (int64_t kw = 0; kw < w.window_w; ++kw) {
              const int64_t iw = ow * w.stride_w + kw - w.pad_left;
              if (iw < 0 || iw >= w.in_w) continue;
              taps.push_back(((b * w.in_h + ih) * w.in_w + iw) * w.in_depth + c);
            }
          }
          fn(((b * w.out_h + oh) * w.out_w + ow) * w.in_depth + c,
             static_cast<const std::vector<int64_t>&>(taps));
        }
      }
    }
  }
}

// The flat input index (one of `taps`) whose element a max pool outputs and routes the gradient
// to: the first NaN if any (NaN propagates), else the first maximum; -1 when `taps` is empty.
template <typename T>
int64_t MaxPoolWinner(const T* x, const std::vector<int64_t>& taps) {
  if (taps.empty()) return -1;
  int64_t best = taps[0];
  for (size_t k = 1; k < taps.size(); ++k) {
    const T b = x[best];
    if (b != b) break;  // a NaN already won
    const T v = x[taps[k]];
    if (v != v || v > b) best = taps[k];
  }
  return best;
}

}  // namespace rill::nn

#endif  // RILL_OPS_NN_WINDOW_GEOMETRY_H_
