// TensorFlow 1.x variables in graph form: a VariableV2 with an Assign initializer, registered in
// the graph's collections (tf.Variable), and the initializer of them all
// (tf.global_variables_initializer). What models and the Optimizer build variables with.
#ifndef RILL_OPS_TRAINING_VARIABLES_H_
#define RILL_OPS_TRAINING_VARIABLES_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill::train {

// The graph collection that holds every variable's initializer (Assign) node. TensorFlow keeps
// initializers on its Python Variable objects; rill's graph collections play that role.
inline constexpr char kVariableInitializers[] = "variable_initializers";
// The graph collection that holds the global step variable (TensorFlow's GraphKeys.GLOBAL_STEP).
inline constexpr char kGlobalStep[] = "global_step";

// A variable as CreateVariable made it.
struct GraphVariable {
  // The VariableV2's ref output: consumers read the variable through it; Apply*/Assign* update
  // it; AddSymbolicGradients differentiates with respect to it.
  Output ref;
  // Assign(ref, initial_value): run it (or GlobalVariablesInitializer) before reading.
  Output initializer;
};

// Options of CreateVariable.
struct VariableOptions {
  // Also listed in the trainable_variables collection (what Optimizer::Minimize updates).
  bool trainable = true;
};

// tf.Variable(initial_value): a VariableV2 named by `scope` (give it a WithOpName)
// with initial_value's dtype and shape (which must be fully defined), and its initializer
// "<name>/Assign". The variable joins the variables collection (and trainable_variables), the
// initializer kVariableInitializers. Errors (an invalid or partially shaped initial value) are
// recorded in the scope; the returned Outputs are then invalid.
GraphVariable CreateVariable(const Scope& scope, const Output& initial_value,
                             const VariableOptions& options = {});

// As above, for an initial value built once the variable exists, so that it can be named under
// the variable's final name (TensorFlow's "<var>/Initializer/zeros"):
// make_initial_value(variable_name) must return a value of `dtype` and `shape` (fully defined).
GraphVariable CreateVariable(const Scope& scope, const PartialShape& shape, DataType dtype,
                             const std::function<Output(const std::string&)>& make_initial_value,
                             const VariableOptions& options = {});

// `full_name` as a name for scope.WithOpName: without the scope's prefix when it starts with it
// (so the node gets exactly `full_name`), else unchanged (it then lands under the prefix).
std::string NameRelativeTo(const Scope& scope, const std::string& full_name);

// tf.train.get_or_create_global_step(): the int64 scalar variable "global_step" (under `scope`'s
// prefix), initialized to 0, not trainable, also in the kGlobalStep collection; the existing one
// if the graph has one.
absl::StatusOr<GraphVariable> GetOrCreateGlobalStep(const Scope& scope);

// The variables of `scope`'s graph in the trainable_variables collection, as ref Outputs.
absl::StatusOr<std::vector<Output>> TrainableVariables(const Scope& scope);

// tf.global_variables_initializer(): a NoOp named by `scope` (TensorFlow names it "init") with a
// control input from every initializer in kVariableInitializers created so far. Running it
// initializes every variable.
Operation GlobalVariablesInitializer(const Scope& scope);

}  // namespace rill::train

#endif  // RILL_OPS_TRAINING_VARIABLES_H_
