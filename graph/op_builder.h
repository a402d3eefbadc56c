// OpBuilder: how ops:: wrappers add one node through a Scope (inputs, attrs, type-attr inference,
// defaults, validation and shape inference), recording any error in the scope.
#ifndef RILL_GRAPH_OP_BUILDER_H_
#define RILL_GRAPH_OP_BUILDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "graph/attr_value.pb.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"

namespace rill {

// Usage inside a wrapper:
//   Output Add(const Scope& scope, Output x, Output y) {
//     return OpBuilder(scope, "Add").Input(x).Input(y).Build().output(0);
//   }
// Type attrs of single-tensor inputs (e.g. T of Add) are inferred from the first input that uses
// them unless set explicitly; later inputs must agree (the dtype check reports a mismatch).
class OpBuilder {
 public:
  // The node is named scope.GetUniqueNameForOp(op_type) when built.
  OpBuilder(const Scope& scope, absl::string_view op_type);

  // Appends a data input.
  OpBuilder& Input(const Output& input);
  // Adds a control input (besides the scope's control dependencies).
  OpBuilder& ControlInput(const Operation& op);
  OpBuilder& Attr(absl::string_view name, AttrValue value);
  OpBuilder& Attr(absl::string_view name, DataType value);
  OpBuilder& Attr(absl::string_view name, bool value);
  OpBuilder& Attr(absl::string_view name, int64_t value);
  OpBuilder& Attr(absl::string_view name, int value);  // resolves Attr("N", 3)
  OpBuilder& Attr(absl::string_view name, float value);
  OpBuilder& Attr(absl::string_view name, absl::string_view value);
  // Without this, a string literal would pick the bool overload.
  OpBuilder& Attr(absl::string_view name, const char* value);
  OpBuilder& Attr(absl::string_view name, const PartialShape& value);
  OpBuilder& Attr(absl::string_view name, const Tensor& value);

  // Adds the node, checks it against its op and infers its output shapes. On any error (also an
  // error already stored in the scope) returns an invalid Operation; the scope keeps the first
  // error, prefixed with "node 'name' (Op): ".
  Operation Build();

 private:
  // Fills type attrs that inputs determine and the op's defaults.
  void InferAttrs(const OpRegistration& op, NodeDef* def) const;

  Scope scope_;
  std::string op_type_;
  std::vector<Output> inputs_;
  std::vector<Operation> control_inputs_;
  NodeDef def_;
};

}  // namespace rill

#endif  // RILL_GRAPH_OP_BUILDER_H_
