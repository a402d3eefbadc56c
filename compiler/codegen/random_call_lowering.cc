// Which random nodes become calls of the random fills, and their arguments
// (see random_call_lowering.h).
#include "compiler/codegen/random_call_lowering.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/call_abi.h"
#include "compiler/codegen/call_lowering.h"
#include "graph/node_signature.h"
#include "ops/random/random_stream.h"

namespace rill::codegen {
namespace {

bool IsFloatRandom(const std::string& op) {
  return op == "RandomUniform" || op == "RandomStandardNormal" || op == "TruncatedNormal";
}

}  // namespace

bool HasRandomCallLowering(const std::string& op) {
  return IsFloatRandom(op) || op == "RandomUniformInt";
}

absl::StatusOr<bool> MakeRandomCallSpec(const Node& node, const ShapeRefiner& shapes,
                                        const OpRegistry& registry, CallSpec* spec) {
  const std::string& op = node.op();
  if (!HasRandomCallLowering(op)) return false;
  ASSIGN_OR_RETURN(bool known, CollectCallOperands(node, shapes, registry, spec));
  if (!known) return false;
  using A = CallArg;
  const DataType dtype = spec->outputs[0].dtype;
  const int64_t n = spec->outputs[0].shape.num_elements();
  spec->has_work = n > 0;
  spec->returns_code = true;
  spec->runtime_words = RandomKeyWords;
  if (IsFloatRandom(op)) {
    if (spec->inputs.size() != 1 || (dtype != DT_FLOAT && dtype != DT_DOUBLE)) return false;
    const int distribution = op == "RandomUniform" ? 0 : op == "RandomStandardNormal" ? 1 : 2;
    spec->entry = "rill_rt_random";
    spec->args = {A::Int32(distribution), A::Int32(dtype == DT_DOUBLE),
                  A::RuntimeWords(),      A::Int64(n),
                  A::Output(0),           A::ThreadPool()};
    spec->failure_message = absl::StrCat(
        NodeContext(node), ": truncated normal sampling found no accepted value (a broken RNG)");
    return true;
  }
  // RandomUniformInt.
  if (spec->inputs.size() != 3 || (dtype != DT_INT32 && dtype != DT_INT64)) return false;
  // The bounds must be scalars (the entry point reads one value each).
  if (spec->inputs[1].shape.rank() != 0 || spec->inputs[2].shape.rank() != 0) return false;
  spec->entry = "rill_rt_random_int";
  spec->args = {A::Int32(dtype == DT_INT64),
                A::RuntimeWords(),
                A::Int64(n),
                A::Input(1),
                A::Input(2),
                A::Output(0),
                A::FailureDetails(),
                A::ThreadPool()};
  spec->failure_message =
      absl::StrCat(SubstituteSafeContext(node), ": need minval < maxval: $0 >= $1");
  return true;
}

absl::StatusOr<std::vector<uint64_t>> RandomKeyWords(const KernelContext& c) {
  absl::StatusOr<random::OpSeeds> seeds =
      random::ResolveOpSeeds(c.attrs(), c.node_name(), c.random_key());
  if (!seeds.ok()) return c.AddContext(seeds.status());
  static_assert(kRandomKeySize == 3);
  return std::vector<uint64_t>{seeds->seed, seeds->seed2,
                               static_cast<uint64_t>(c.random_key().step)};
}

}  // namespace rill::codegen
