// ShapeContext: what a shape function sees of one node (input dtypes and shapes, attrs) and where
// it writes the output shapes.
#ifndef RILL_OPS_SHAPE_CONTEXT_H_
#define RILL_OPS_SHAPE_CONTEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/check.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "ops/attr_slice.h"

namespace rill {

// Built by the shape refiner for one node. A shape function reads inputs and attrs, calls
// set_output for each output it knows (unset outputs stay unknown) and returns InvalidArgument
// with a message about the shapes, e.g. "inner dims 3 vs 4 (a: [2,3], b: [4,5])"; the caller
// prefixes "node 'x' (Op): ". New accessors (constant input values, ...) can be added later without
// changing ShapeFn's signature.
class ShapeContext {
 public:
  ShapeContext(std::string node_name, std::string op, AttrSlice attrs,
               std::vector<DataType> input_dtypes, std::vector<PartialShape> input_shapes,
               std::vector<DataType> output_dtypes);

  const std::string& node_name() const { return node_name_; }
  const std::string& op() const { return op_; }
  // The node's attrs, with the op's defaults for missing ones.
  const AttrSlice& attrs() const { return attrs_; }

  int num_inputs() const { return static_cast<int>(input_shapes_.size()); }
  // Shape and dtype of data input i (0 <= i < num_inputs()).
  const PartialShape& input(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "ShapeContext::input out of range");
    return input_shapes_[i];
  }
  DataType input_dtype(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "ShapeContext::input_dtype out of range");
    return input_dtypes_[i];
  }

  int num_outputs() const { return static_cast<int>(output_shapes_.size()); }
  // Dtype and shape of output i (0 <= i < num_outputs()).
  DataType output_dtype(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ShapeContext::output_dtype out of range");
    return output_dtypes_[i];
  }
  const PartialShape& output(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ShapeContext::output out of range");
    return output_shapes_[i];
  }
  void set_output(int i, PartialShape shape) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ShapeContext::set_output out of range");
    output_shapes_[i] = std::move(shape);
  }
  const std::vector<PartialShape>& outputs() const { return output_shapes_; }

  // --- Values known while building the graph (TensorFlow's input_tensor / shape tensors). ---
  // The value of input i when it is known at graph-build time (a Const, or an op whose shape
  // function published its value, such as Shape of a fully defined input); else null.
  const Tensor* input_tensor(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "ShapeContext::input_tensor out of range");
    return i < static_cast<int>(input_tensors_.size()) ? input_tensors_[i] : nullptr;
  }
  // The shape that 1-D integer input i describes (Reshape's `shape`, Fill's `dims`, ...), as
  // far as it is known: from its constant value (-1 entries are unknown dims), else from a
  // published shape value (Shape of a partially known tensor gives e.g. [?,3]), else a shape of
  // the right rank with unknown dims when the input's length is known, else unknown rank.
  // InvalidArgument when input i is not a vector or a value is below -1.
  absl::StatusOr<PartialShape> MakeShapeFromShapeTensor(int i) const;
  // The shape value published for input i (see set_output_shape_value), or null.
  const PartialShape* input_shape_value(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "ShapeContext::input_shape_value out of range");
    return input_shape_values_[i];
  }
  // Publishes the value of output i (only for small tensors known at graph-build time), so that
  // consumers' shape functions can read it through input_tensor.
  void set_output_tensor(int i, Tensor value) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ShapeContext::set_output_tensor out of range");
    output_tensors_[i] = std::move(value);
  }
  // Publishes that 1-D integer output i holds the dims of `shape` (Shape of a partially known
  // input), for MakeShapeFromShapeTensor in consumers.
  void set_output_shape_value(int i, PartialShape shape) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ShapeContext::set_output_shape_value out of range");
    output_shape_values_[i] = std::move(shape);
  }
  const std::vector<Tensor>& output_tensors() const { return output_tensors_; }
  const std::vector<std::optional<PartialShape>>& output_shape_values() const {
    return output_shape_values_;
  }
  // For the shape refiner: what is known about input i's value (pointers must outlive the
  // context; null when nothing is known).
  void set_input_value(int i, const Tensor* tensor, const PartialShape* shape_value);

 private:
  std::string node_name_;
  std::string op_;
  AttrSlice attrs_;
  std::vector<DataType> input_dtypes_;
  std::vector<PartialShape> input_shapes_;
  std::vector<DataType> output_dtypes_;
  std::vector<PartialShape> output_shapes_;
  std::vector<const Tensor*> input_tensors_;
  std::vector<const PartialShape*> input_shape_values_;
  std::vector<Tensor> output_tensors_;
  std::vector<std::optional<PartialShape>> output_shape_values_;
};

}  // namespace rill

#endif  // RILL_OPS_SHAPE_CONTEXT_H_
