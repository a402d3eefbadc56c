// Test helpers shared by the random op tests: running one random op for several steps on an
// executor, sample moments, and the seed-semantics contract every random op must meet.
#ifndef RILL_OPS_RANDOM_TESTING_RANDOM_TEST_UTIL_H_
#define RILL_OPS_RANDOM_TESTING_RANDOM_TEST_UTIL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/random_ops.h"

namespace rill::random::testing {

// Builds the random op under test in `scope` with `attrs` as its seeds.
using RandomOpBuilder = std::function<Output(const Scope& scope, const ops::RandomAttrs& attrs)>;

// Builds the op as node `name` in a fresh graph, runs it `steps` times on ONE new Interpreter
// with `options` (so the steps are 0, 1, ...) and returns each Run's output.
absl::StatusOr<std::vector<Tensor>> RunSteps(const RandomOpBuilder& build,
                                             const ops::RandomAttrs& attrs, int steps,
                                             const InterpreterOptions& options = {},
                                             const std::string& name = "r");

// Sample statistics of a numeric tensor (population variance).
struct Moments {
  double mean = 0;
  double variance = 0;
  double min = 0;
  double max = 0;
};
Moments SampleMoments(const Tensor& t);

// gtest checks of the seed rules (ops/random/random_stream.h) for one op; `build` must make an
// output of at least 16 elements from a wide value range, so distinct streams differ:
// fixed seeds give bitwise-equal values on separate executors and new values at every step;
// seed or seed2 changes the values; seed = seed2 = 0 is nondeterministic without a graph seed,
// and deterministic per (graph seed, node name) with one.
void ExpectSeedSemantics(const RandomOpBuilder& build);

// gtest checks that the op is registered as not differentiable and that autodiff goes around
// it: for r = build(...) (a double output of fully defined shape) and y = x * r, dy/dx is r's
// value from the same Run.
void ExpectGradientPassesAround(const RandomOpBuilder& build);

}  // namespace rill::random::testing

#endif  // RILL_OPS_RANDOM_TESTING_RANDOM_TEST_UTIL_H_
