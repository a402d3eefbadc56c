// Random op test helpers (see random_test_util.h).
#include "ops/random/testing/random_test_util.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "graph/gradients.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::random::testing {

absl::StatusOr<std::vector<Tensor>> RunSteps(const RandomOpBuilder& build,
                                             const ops::RandomAttrs& attrs, int steps,
                                             const InterpreterOptions& options,
                                             const std::string& name) {
  Scope root = Scope::NewRootScope();
  Output out = build(root.WithOpName(name), attrs);
  RETURN_IF_ERROR(root.status());
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interpreter,
                   Interpreter::Create(*root.graph(), options));
  std::vector<Tensor> results;
  for (int step = 0; step < steps; ++step) {
    ASSIGN_OR_RETURN(std::vector<Tensor> fetched, interpreter->Run({}, {out.name()}));
    results.push_back(std::move(fetched[0]));
  }
  return results;
}

Moments SampleMoments(const Tensor& t) {
  const std::vector<double> v = rill::testing::ToDoubles(t);
  Moments m;
  if (v.empty()) return m;
  m.min = *std::min_element(v.begin(), v.end());
  m.max = *std::max_element(v.begin(), v.end());
  for (double x : v) m.mean += x;
  m.mean /= v.size();
  for (double x : v) m.variance += (x - m.mean) * (x - m.mean);
  m.variance /= v.size();
  return m;
}

namespace {

// Step 0 of a fresh executor.
Tensor FirstStep(const RandomOpBuilder& build, const ops::RandomAttrs& attrs,
                 const InterpreterOptions& options = {}, const std::string& name = "r") {
  absl::StatusOr<std::vector<Tensor>> r = RunSteps(build, attrs, 1, options, name);
  EXPECT_OK(r.status());
  return r.ok() ? (*r)[0] : Tensor();
}

}  // namespace

void ExpectSeedSemantics(const RandomOpBuilder& build) {
  // Fixed seeds: two executors (as two processes would) agree bit for bit at every step, and
  // every step draws new numbers.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> a, RunSteps(build, {.seed = 7, .seed2 = 11}, 3));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> b, RunSteps(build, {.seed = 7, .seed2 = 11}, 3));
  ASSERT_GE(a[0].num_elements(), 16);
  for (int step = 0; step < 3; ++step) {
    EXPECT_TRUE(a[step].BitwiseEqual(b[step])) << "step " << step;
  }
  EXPECT_FALSE(a[0].BitwiseEqual(a[1]));
  EXPECT_FALSE(a[1].BitwiseEqual(a[2]));
  EXPECT_FALSE(a[0].BitwiseEqual(a[2]));
  // Either seed selects the stream; one non-zero seed is enough to be deterministic.
  EXPECT_FALSE(a[0].BitwiseEqual(FirstStep(build, {.seed = 7, .seed2 = 12})));
  EXPECT_FALSE(a[0].BitwiseEqual(FirstStep(build, {.seed = 8, .seed2 = 11})));
  EXPECT_TRUE(FirstStep(build, {.seed2 = 3}).BitwiseEqual(FirstStep(build, {.seed2 = 3})));
  // The node name does not matter when seeds are given.
  EXPECT_TRUE(a[0].BitwiseEqual(FirstStep(build, {.seed = 7, .seed2 = 11}, {}, "other")));

  // seed = seed2 = 0 without a graph seed: each executor draws its own process seed.
  EXPECT_FALSE(FirstStep(build, {}).BitwiseEqual(FirstStep(build, {})));

  // With a graph seed: deterministic, and per (graph seed, node name).
  InterpreterOptions seeded;
  seeded.graph_seed = 5;
  const Tensor g = FirstStep(build, {}, seeded);
  EXPECT_TRUE(g.BitwiseEqual(FirstStep(build, {}, seeded)));
  EXPECT_FALSE(g.BitwiseEqual(FirstStep(build, {}, seeded, "other")));
  InterpreterOptions other_seed;
  other_seed.graph_seed = 6;
  EXPECT_FALSE(g.BitwiseEqual(FirstStep(build, {}, other_seed)));
  // Explicit op seeds win over the graph seed.
  EXPECT_TRUE(a[0].BitwiseEqual(FirstStep(build, {.seed = 7, .seed2 = 11}, seeded)));
}

void ExpectGradientPassesAround(const RandomOpBuilder& build) {
  Scope root = Scope::NewRootScope();
  Output r = build(root.WithOpName("r"), {.seed = 3});
  ASSERT_OK(root.status());
  ASSERT_EQ(r.dtype(), DT_DOUBLE);
  const OpRegistration* op = OpRegistry::Global()->Find(r.node()->op());
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->no_gradient);
  EXPECT_FALSE(op->gradient);
  ASSERT_TRUE(r.shape().IsFullyDefined());
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = r.shape()});
  Output y = ops::Mul(root, x, r);
  ASSERT_OK_AND_ASSIGN(std::vector<Output> grads, AddSymbolicGradients(root, {y}, {x}, {}));
  ASSERT_OK_AND_ASSIGN(TensorShape shape, TensorShape::FromPartial(r.shape()));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       interpreter->Run({{"x", rill::testing::RandomTensor(DT_DOUBLE, shape, 1)}},
                                        {r.name(), grads[0].name()}));
  EXPECT_TRUE(out[0].BitwiseEqual(out[1]));
}

}  // namespace rill::random::testing
