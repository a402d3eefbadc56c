// ShapeContext construction: outputs start with unknown shapes.
#include "ops/shape_context.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "graph/types.h"

namespace rill {

ShapeContext::ShapeContext(std::string node_name, std::string op, AttrSlice attrs,
                           std::vector<DataType> input_dtypes,
                           std::vector<PartialShape> input_shapes,
                           std::vector<DataType> output_dtypes)
    : node_name_(std::move(node_name)),
      op_(std::move(op)),
      attrs_(attrs),
      input_dtypes_(std::move(input_dtypes)),
      input_shapes_(std::move(input_shapes)),
      output_dtypes_(std::move(output_dtypes)),
      output_shapes_(output_dtypes_.size(), PartialShape::Unknown()),
      input_tensors_(input_shapes_.size(), nullptr),
      input_shape_values_(input_shapes_.size(), nullptr),
      output_tensors_(output_dtypes_.size()),
      output_shape_values_(output_dtypes_.size()) {
  RILL_CHECK(input_dtypes_.size() == input_shapes_.size(), "one dtype per input shape");
}

void ShapeContext::set_input_value(int i, const Tensor* tensor, const PartialShape* shape_value) {
  RILL_DCHECK(i >= 0 && i < num_inputs(), "ShapeContext::set_input_value out of range");
  input_tensors_[i] = tensor;
  input_shape_values_[i] = shape_value;
}

absl::StatusOr<PartialShape> ShapeContext::MakeShapeFromShapeTensor(int i) const {
  const PartialShape& in = input(i);
  if (in.rank_known() && in.rank() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("input ", i, " must be a 1-D shape tensor, got ", in.DebugString()));
  }
  if (const Tensor* t = input_tensor(i); t != nullptr && t->shape().rank() == 1) {
    std::vector<int64_t> dims(t->num_elements());
    for (int64_t k = 0; k < t->num_elements(); ++k) {
      if (t->dtype() == DT_INT32) {
        dims[k] = t->data<int32_t>()[k];
      } else if (t->dtype() == DT_INT64) {
        dims[k] = t->data<int64_t>()[k];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("input ", i, " must be an int32 or int64 shape tensor, got ",
                         DataTypeString(t->dtype())));
      }
      if (dims[k] < -1) {
        return absl::InvalidArgumentError(
            absl::StrCat("input ", i, " has a negative dimension ", dims[k], " at index ", k));
      }
    }
    return PartialShape(std::move(dims));
  }
  if (input_shape_values_[i] != nullptr) return *input_shape_values_[i];
  if (in.rank_known() && in.dim(0) >= 0) {
    if (in.dim(0) > (1 << 20)) {
      return absl::InvalidArgumentError(
          absl::StrCat("input ", i, " describes a shape of absurd rank ", in.dim(0)));
    }
    return PartialShape::UnknownOfRank(static_cast<int>(in.dim(0)));
  }
  return PartialShape::Unknown();
}

}  // namespace rill
