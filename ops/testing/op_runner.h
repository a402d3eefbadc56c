// Runs one op on concrete inputs through the reference executor (the way every op test checks
// its kernel): the inputs become fed Placeholders of their exact shapes, so the op's shape
// function runs too and the executor checks the kernel's outputs against the inferred shapes.
#ifndef RILL_OPS_TESTING_OP_RUNNER_H_
#define RILL_OPS_TESTING_OP_RUNNER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/attr_value.pb.h"
#include "graph/op_def.pb.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill::testing {

// Attrs of the op under test, by name.
using OpAttrs = std::map<std::string, AttrValue>;

// AttrValue literals for OpAttrs: {{"transpose_a", MakeAttr(true)}, {"T", MakeAttr(DT_FLOAT)}}.
AttrValue MakeAttr(bool b);
AttrValue MakeAttr(int i);
AttrValue MakeAttr(int64_t i);
AttrValue MakeAttr(float f);
AttrValue MakeAttr(double f);
AttrValue MakeAttr(const char* s);
AttrValue MakeAttr(const std::string& s);
AttrValue MakeAttr(DataType type);
AttrValue MakeAttr(const PartialShape& shape);
AttrValue MakeAttr(const Tensor& tensor);
AttrValue MakeAttr(const std::vector<int64_t>& ints);
AttrValue MakeAttr(const std::vector<DataType>& types);

// The attrs of list inputs that `attrs` lacks, inferred from `inputs`: for "values: N * T" the
// count N (when it is the last input arg, or N is given) and T from the first value; for
// "input: Tlist" (last arg) the list of dtypes.
OpAttrs InferListAttrs(const OpDef& def, const std::vector<Tensor>& inputs, const OpAttrs& attrs);

// Builds Placeholders for `inputs` (named "input_0", ...; exact shapes), one node "op" of `op`
// with `attrs` (type attrs of single inputs are inferred by OpBuilder, list attrs by
// InferListAttrs),
// runs it on the reference executor and returns every output. Errors are the executor's (e.g.
// "node 'op' (Div): integer division by zero") or the builder's (shape function errors).
absl::StatusOr<std::vector<Tensor>> RunOp(absl::string_view op, const std::vector<Tensor>& inputs,
                                          const OpAttrs& attrs = {});

// As RunOp, but input i is a Const instead of a fed Placeholder where const_inputs[i] is true
// (for shape functions that need constant inputs, e.g. Reshape's `shape`).
absl::StatusOr<std::vector<Tensor>> RunOpWithConstInputs(absl::string_view op,
                                                         const std::vector<Tensor>& inputs,
                                                         const std::vector<bool>& const_inputs,
                                                         const OpAttrs& attrs = {});

// gtest check: RunOp succeeds and its outputs match `expected` (TensorEq when tolerance is 0,
// else TensorNear with atol = rtol = tolerance). Failures name the op.
void ExpectOpOutput(absl::string_view op, const std::vector<Tensor>& inputs, const OpAttrs& attrs,
                    const std::vector<Tensor>& expected, double tolerance = 0.0);

}  // namespace rill::testing

#endif  // RILL_OPS_TESTING_OP_RUNNER_H_
