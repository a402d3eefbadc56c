// ShapeContext construction: outputs start with unknown shapes.
#include "ops/shape_context.h"

#include <utility>

#include "base/check.h"

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
      output_shapes_(output_dtypes_.size(), PartialShape::Unknown()) {
  RILL_CHECK(input_dtypes_.size() == input_shapes_.size(), "one dtype per input shape");
}

}  // namespace rill
