// Window attrs and output-size arithmetic for Conv2D, its backprops and the pools.
#include "ops/nn/window_geometry.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace rill::nn {
namespace {

std::string ListString(const std::vector<int64_t>& v) {
  return absl::StrCat("[", absl::StrJoin(v, ","), "]");
}

// A 4-entry NHWC list attr with positive entries; batch and depth entries must be 1.
absl::StatusOr<std::array<int64_t, 2>> SpatialList(const AttrSlice& attrs, const char* name) {
  ASSIGN_OR_RETURN(std::vector<int64_t> v, attrs.GetIntList(name));
  if (v.size() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must have 4 elements, got ", v.size()));
  }
  for (int64_t x : v) {
    if (x <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " must be positive, got ", ListString(v)));
    }
  }
  if (v[0] != 1 || v[3] != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " in the batch and depth dimensions must be 1, got ", ListString(v)));
  }
  return std::array<int64_t, 2>{v[1], v[2]};
}

absl::StatusOr<Padding> GetPadding(const AttrSlice& attrs) {
  ASSIGN_OR_RETURN(std::string padding, attrs.GetString("padding"));
  if (padding == "SAME") return Padding::kSame;
  if (padding == "VALID") return Padding::kValid;
  if (padding == "EXPLICIT") return Padding::kExplicit;
  return absl::InvalidArgumentError(absl::StrCat("unknown padding '", padding, "'"));
}

// explicit_paddings: 8 values (before/after for N, H, W, C) with padding EXPLICIT, else empty.
absl::Status ReadExplicitPaddings(const AttrSlice& attrs, WindowAttrs& w) {
  std::vector<int64_t> pads;
  if (attrs.Find("explicit_paddings") != nullptr) {
    ASSIGN_OR_RETURN(pads, attrs.GetIntList("explicit_paddings"));
  }
  if (w.padding != Padding::kExplicit) {
    if (!pads.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "explicit_paddings must be empty unless padding is EXPLICIT, got ", ListString(pads)));
    }
    return absl::OkStatus();
  }
  if (pads.size() != 8) {
    return absl::InvalidArgumentError(absl::StrCat(
        "explicit_paddings must have 8 elements with padding EXPLICIT, got ", pads.size()));
  }
  for (int64_t p : pads) {
    if (p < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("explicit_paddings must be non-negative, got ", ListString(pads)));
    }
  }
  if (pads[0] != 0 || pads[1] != 0 || pads[6] != 0 || pads[7] != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "explicit_paddings in the batch and depth dimensions must be 0, got ", ListString(pads)));
  }
  w.explicit_pads = {{{pads[2], pads[3]}, {pads[4], pads[5]}}};
  return absl::OkStatus();
}

}  // namespace

// Only NHWC: the channel-first layouts would need transposes around every kernel.
absl::Status CheckDataFormatNhwc(const AttrSlice& attrs) {
  ASSIGN_OR_RETURN(std::string format, attrs.GetString("data_format"));
  if (format != "NHWC") {
    return absl::UnimplementedError(
        absl::StrCat("data_format ", format, " is not supported (only NHWC)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<WindowAttrs> GetConvAttrs(const AttrSlice& attrs) {
  RETURN_IF_ERROR(CheckDataFormatNhwc(attrs));
  WindowAttrs w;
  ASSIGN_OR_RETURN(w.strides, SpatialList(attrs, "strides"));
  ASSIGN_OR_RETURN(w.dilations, SpatialList(attrs, "dilations"));
  ASSIGN_OR_RETURN(w.padding, GetPadding(attrs));
  RETURN_IF_ERROR(ReadExplicitPaddings(attrs, w));
  return w;
}

absl::StatusOr<WindowAttrs> GetPoolAttrs(const AttrSlice& attrs) {
  RETURN_IF_ERROR(CheckDataFormatNhwc(attrs));
  WindowAttrs w;
  ASSIGN_OR_RETURN(std::vector<int64_t> ksize, attrs.GetIntList("ksize"));
  if (ksize.size() == 4 && ksize[0] == 1 && ksize[1] > 0 && ksize[2] > 0 && ksize[3] > 1) {
    return absl::UnimplementedError(absl::StrCat(
        "pooling across the depth dimension is not supported, ksize ", ListString(ksize)));
  }
  ASSIGN_OR_RETURN(w.ksize, SpatialList(attrs, "ksize"));
  ASSIGN_OR_RETURN(w.strides, SpatialList(attrs, "strides"));
  ASSIGN_OR_RETURN(w.padding, GetPadding(attrs));
  RETURN_IF_ERROR(ReadExplicitPaddings(attrs, w));
  return w;
}

absl::StatusOr<WindowDim> ComputeWindowDim(const WindowAttrs& attrs, int dim, int64_t input,
                                           int64_t window) {
  if (window <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("window size must be positive, got ", window));
  }
  const int64_t stride = attrs.strides[dim];
  const int64_t effective = (window - 1) * attrs.dilations[dim] + 1;
  WindowDim out;
  switch (attrs.padding) {
    case Padding::kValid:
      out.output = (input - effective + stride) / stride;
      break;
    case Padding::kSame: {
      out.output = (input + stride - 1) / stride;
      const int64_t needed = std::max<int64_t>(0, (out.output - 1) * stride + effective - input);
      out.pad_before = needed / 2;
      out.pad_after = needed - out.pad_before;
      break;
    }
    case Padding::kExplicit:
      out.pad_before = attrs.explicit_pads[dim][0];
      out.pad_after = attrs.explicit_pads[dim][1];
      out.output = (input + out.pad_before + out.pad_after - effective + stride) / stride;
      break;
  }
  if (out.output < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "computed output size would be negative: ", out.output, " [input ", input,
        ", effective window ", effective, ", stride ", stride, "]"));
  }
  return out;
}

absl::StatusOr<int64_t> WindowOutputSize(const WindowAttrs& attrs, int dim, int64_t input,
                                         int64_t window) {
  if (input < 0) return int64_t{-1};
  // SAME's output size does not depend on the window.
  if (window < 0 && attrs.padding == Padding::kSame) {
    return (input + attrs.strides[dim] - 1) / attrs.strides[dim];
  }
  if (window < 0) return int64_t{-1};
  ASSIGN_OR_RETURN(WindowDim d, ComputeWindowDim(attrs, dim, input, window));
  return d.output;
}

absl::StatusOr<PartialShape> WindowOutputShape(const WindowAttrs& attrs, const PartialShape& input,
                                               int64_t window_h, int64_t window_w, int64_t depth) {
  if (!input.rank_known()) {
    return PartialShape({-1, -1, -1, depth});
  }
  if (input.rank() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("input must have rank 4, got ", input.DebugString()));
  }
  ASSIGN_OR_RETURN(int64_t out_h, WindowOutputSize(attrs, 0, input.dim(1), window_h));
  ASSIGN_OR_RETURN(int64_t out_w, WindowOutputSize(attrs, 1, input.dim(2), window_w));
  return PartialShape({input.dim(0), out_h, out_w, depth});
}

absl::Status CheckConvDepth(int64_t input_depth, int64_t filter_in_depth) {
  if (input_depth < 0 || filter_in_depth < 0 || input_depth == filter_in_depth) {
    return absl::OkStatus();
  }
  if (filter_in_depth > 0 && input_depth % filter_in_depth == 0) {
    return absl::UnimplementedError(absl::StrCat(
        "grouped convolution is not supported (input depth ", input_depth,
        " is a multiple of filter in_depth ", filter_in_depth, ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat("input depth ", input_depth,
                                                 " does not match filter in_depth ",
                                                 filter_in_depth));
}

absl::StatusOr<Window2D> MakeWindow2D(const WindowAttrs& attrs, const TensorShape& input,
                                      int64_t window_h, int64_t window_w) {
  if (input.rank() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("input must have rank 4, got ", input.DebugString()));
  }
  Window2D w;
  w.batch = input.dim(0);
  w.in_h = input.dim(1);
  w.in_w = input.dim(2);
  w.in_depth = input.dim(3);
  w.window_h = window_h;
  w.window_w = window_w;
  w.stride_h = attrs.strides[0];
  w.stride_w = attrs.strides[1];
  w.dilation_h = attrs.dilations[0];
  w.dilation_w = attrs.dilations[1];
  ASSIGN_OR_RETURN(WindowDim h, ComputeWindowDim(attrs, 0, w.in_h, window_h));
  ASSIGN_OR_RETURN(WindowDim wd, ComputeWindowDim(attrs, 1, w.in_w, window_w));
  w.out_h = h.output;
  w.out_w = wd.output;
  w.pad_top = h.pad_before;
  w.pad_left = wd.pad_before;
  return w;
}

absl::StatusOr<std::vector<int64_t>> SizesValues(const Tensor& sizes, absl::string_view what) {
  if (sizes.shape().rank() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be a vector, got ", sizes.shape().DebugString()));
  }
  if (sizes.dtype() != DT_INT32) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be int32, got ", DataTypeString(sizes.dtype())));
  }
  std::vector<int64_t> dims(sizes.data<int32_t>(), sizes.data<int32_t>() + sizes.num_elements());
  for (int64_t d : dims) {
    if (d < 0) {
      return absl::InvalidArgumentError(absl::StrCat(what, " has a negative dim ", d, " in ",
                                                     ListString(dims)));
    }
  }
  return dims;
}

absl::Status CheckOutBackprop(const Window2D& w, int64_t out_depth,
                              const TensorShape& out_backprop) {
  const std::vector<int64_t> expected = {w.batch, w.out_h, w.out_w, out_depth};
  if (out_backprop.dims() != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat("out_backprop has shape ", out_backprop.DebugString(),
                     " but the convolution's output has shape ", ListString(expected)));
  }
  return absl::OkStatus();
}

}  // namespace rill::nn
