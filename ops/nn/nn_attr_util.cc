// list(int) attrs, a forward node's window attrs as builder arguments, the conv-family builder.
#include "ops/nn/nn_attr_util.h"

#include "base/status_macros.h"
#include "graph/op_builder.h"

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

Output BuildConvOp(const Scope& scope, absl::string_view op, const std::vector<Output>& inputs,
                   const std::vector<int64_t>& strides, absl::string_view padding,
                   const ops::Conv2DAttrs& attrs) {
  OpBuilder builder(scope, op);
  for (const Output& input : inputs) builder.Input(input);
  return builder.Attr("strides", IntListAttr(strides))
      .Attr("padding", padding)
      .Attr("explicit_paddings", IntListAttr(attrs.explicit_paddings))
      .Attr("data_format", attrs.data_format)
      .Attr("dilations", IntListAttr(attrs.dilations))
      .Attr("use_cudnn_on_gpu", attrs.use_cudnn_on_gpu)
      .Build()
      .output(0);
}

}  // namespace rill::nn
