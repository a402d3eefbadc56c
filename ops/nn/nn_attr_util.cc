// list(int) attrs and a forward node's window attrs as builder arguments.
#include "ops/nn/nn_attr_util.h"

#include "base/status_macros.h"

namespace rill::nn {

AttrValue IntListAttr(const std::vector<int64_t>& values) {
  AttrValue value;
  AttrValue::ListValue* list = value.mutable_list();
  for (int64_t v : values) list->add_i(v);
  return value;
}

absl::StatusOr<ConvArgs> GetConvArgs(const AttrSlice& attrs) {
  ConvArgs args;
  ASSIGN_OR_RETURN(args.strides, attrs.GetIntList("strides"));
  ASSIGN_OR_RETURN(args.padding, attrs.GetString("padding"));
  ASSIGN_OR_RETURN(args.attrs.dilations, attrs.GetIntList("dilations"));
  ASSIGN_OR_RETURN(args.attrs.explicit_paddings, attrs.GetIntList("explicit_paddings"));
  ASSIGN_OR_RETURN(args.attrs.data_format, attrs.GetString("data_format"));
  ASSIGN_OR_RETURN(args.attrs.use_cudnn_on_gpu, attrs.GetBool("use_cudnn_on_gpu"));
  return args;
}

absl::StatusOr<PoolArgs> GetPoolArgs(const AttrSlice& attrs) {
  PoolArgs args;
  ASSIGN_OR_RETURN(args.ksize, attrs.GetIntList("ksize"));
  ASSIGN_OR_RETURN(args.strides, attrs.GetIntList("strides"));
  ASSIGN_OR_RETURN(args.padding, attrs.GetString("padding"));
  ASSIGN_OR_RETURN(args.data_format, attrs.GetString("data_format"));
  if (attrs.Find("explicit_paddings") != nullptr) {
    ASSIGN_OR_RETURN(args.explicit_paddings, attrs.GetIntList("explicit_paddings"));
  }
  return args;
}

}  // namespace rill::nn
