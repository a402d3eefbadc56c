// End to end on the reference executor: a 2-layer MLP (2 -> 16 ReLU -> 2) trained with Adam on a
// synthetic XOR problem, with a fixed graph seed, goes from loss > 0.5 to < 0.05 and classifies
// every point; two executors train bitwise identically.
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

using ::rill::testing::ToDoubles;

using e2e::BuildModel;
using e2e::Data;
using e2e::kPoints;
using e2e::MakeXor;
using e2e::Model;

std::unique_ptr<Interpreter> Start(const Model& m) {
  InterpreterOptions options;
  options.graph_seed = 1234;
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::Create(*m.root.graph(), options);
  EXPECT_OK(interpreter.status());
  if (!interpreter.ok()) return nullptr;
  EXPECT_OK((*interpreter)->Run({}, {}, {"init"}).status());
  return *std::move(interpreter);
}

double RunLoss(Interpreter& interpreter, const Model& m) {
  absl::StatusOr<std::vector<Tensor>> loss = interpreter.Run({}, {m.loss.name()});
  EXPECT_OK(loss.status());
  return loss.ok() ? ToDoubles((*loss)[0])[0] : NAN;
}

TEST(MlpAdamTest, XorLossFallsBelowFivePercent) {
  const Data data = MakeXor();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Model> m, BuildModel(data));
  std::unique_ptr<Interpreter> interpreter = Start(*m);
  ASSERT_NE(interpreter, nullptr);

  const double initial = RunLoss(*interpreter, *m);
  EXPECT_GT(initial, 0.5);
  constexpr int kSteps = 200;
  for (int step = 0; step < kSteps; ++step) {
    ASSERT_OK(interpreter->Run({}, {}, {m->train.name()}).status()) << "step " << step;
  }
  const double final_loss = RunLoss(*interpreter, *m);
  EXPECT_LT(final_loss, 0.05) << "initial loss " << initial;
  std::cout << "loss " << initial << " -> " << final_loss << " after " << kSteps << " Adam steps\n";

  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       interpreter->Run({}, {m->logits.name(), "global_step"}));
  EXPECT_EQ(ToDoubles(out[1])[0], kSteps);
  const std::vector<double> logits = ToDoubles(out[0]);
  for (int i = 0; i < kPoints; ++i) {
    EXPECT_EQ(logits[2 * i + 1] > logits[2 * i] ? 1 : 0, data.classes[i]) << "point " << i;
  }
}

TEST(MlpAdamTest, TrainingIsReproducible) {
  // Same graph seed, two executors (as two processes): the same initial weights and the same
  // updates, bit for bit.
  const Data data = MakeXor();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Model> m, BuildModel(data));
  std::unique_ptr<Interpreter> a = Start(*m);
  std::unique_ptr<Interpreter> b = Start(*m);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  for (int step = 0; step < 5; ++step) {
    ASSERT_OK(a->Run({}, {}, {m->train.name()}).status());
    ASSERT_OK(b->Run({}, {}, {m->train.name()}).status());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> wa, a->Run({}, {"hidden/kernel", "output/kernel"}));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> wb, b->Run({}, {"hidden/kernel", "output/kernel"}));
  EXPECT_TRUE(wa[0].BitwiseEqual(wb[0]));
  EXPECT_TRUE(wa[1].BitwiseEqual(wb[1]));
}

}  // namespace
}  // namespace rill
