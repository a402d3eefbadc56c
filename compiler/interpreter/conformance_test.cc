// Runs the TensorFlow conformance graphs 01, 02 and 04 (../shared/conformance/tf-graphs) on the
// reference executor and checks the values listed in SOURCES.md. Skips when ../shared is absent.
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_io.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::TensorEq;

// The interpreter for tf-graphs/<file>, or null after GTEST_SKIP / a failure.
std::unique_ptr<Interpreter> Load(const std::string& file) {
  absl::StatusOr<std::string> dir = testing::ConformanceDir();
  if (!dir.ok()) return nullptr;
  absl::StatusOr<GraphDef> def = ReadGraphDefFile(*dir + "/tf-graphs/" + file);
  EXPECT_OK(def);
  if (!def.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

#define SKIP_WITHOUT_SHARED()                                                   \
  if (absl::StatusOr<std::string> dir = testing::ConformanceDir(); !dir.ok()) { \
    GTEST_SKIP() << dir.status();                                               \
  }

TEST(ConformanceTest, TfAddOfConstants) {
  SKIP_WITHOUT_SHARED();
  auto interp = Load("01-tf-aot-tfadd.pbtxt");
  ASSERT_NE(interp, nullptr);
  auto got = interp->Run({}, {"x_y_sum"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int32_t>({1}, {3})));
}

TEST(ConformanceTest, TfLiteAddInt32) {
  SKIP_WITHOUT_SHARED();
  auto interp = Load("02-tflite-e2e-add-int32.pbtxt");
  ASSERT_NE(interp, nullptr);
  auto got = interp->Run({{"input0", MakeTensor<int32_t>({4}, {1, 2, 3, -2147483647 - 1})},
                          {"input1", MakeTensor<int32_t>({4}, {10, -2, 0, -1})}},
                         {"Add"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int32_t>({4}, {11, 0, 3, 2147483647})));
}

TEST(ConformanceTest, MatMulChainOfIntValWeightsGivesZeros) {
  SKIP_WITHOUT_SHARED();
  auto interp = Load("04-tf-cc-matmul-chain.pbtxt");
  ASSERT_NE(interp, nullptr);
  Tensor input = testing::RandomTensor(DT_FLOAT, TensorShape({2, 2048}), 1);
  auto got = interp->Run({{"input0", input}}, {"output"});
  ASSERT_OK(got);
  std::vector<float> zeros(2 * 64, 0.0f);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({2, 64}, zeros)));
  // The feed must match the placeholder's [?,2048].
  EXPECT_THAT(interp->Run({{"input0", MakeTensor<float>({1, 3}, {1, 2, 3})}}, {"output"}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("feed 'input0': shape [1,3] does not match "
                                                     "[?,2048]")));
}

TEST(ConformanceTest, NgraphAxpy07) {
  SKIP_WITHOUT_SHARED();
  auto interp = Load("07-ngraph-bridge-axpy.pbtxt");
  ASSERT_NE(interp, nullptr);
  const Tensor ones = MakeTensor<float>({2, 3}, std::vector<float>(6, 1.0f));
  auto got = interp->Run({{"x", ones}, {"y", ones}}, {"mul", "add"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({2, 3}, std::vector<float>(6, 5.0f))));
  EXPECT_THAT((*got)[1], TensorEq(MakeTensor<float>({2, 3}, std::vector<float>(6, 6.0f))));
  // SingleGraphOn2Threads upstream: x = y = i gives add = 6i.
  for (int i = 0; i < 10; ++i) {
    const Tensor v = MakeTensor<float>({2, 3}, std::vector<float>(6, float(i)));
    auto step = interp->Run({{"x", v}, {"y", v}}, {"add"});
    ASSERT_OK(step);
    EXPECT_THAT((*step)[0], TensorEq(MakeTensor<float>({2, 3}, std::vector<float>(6, 6.0f * i))));
  }
}

TEST(ConformanceTest, TosaBroadcastAdd08IgnoresUnusedPlaceholderWithDefault) {
  SKIP_WITHOUT_SHARED();
  auto interp = Load("08-tosa-add-broadcast.pbtxt");
  ASSERT_NE(interp, nullptr);
  std::vector<float> a(16), b(64), want(64);
  for (int i = 0; i < 16; ++i) a[i] = 0.5f * i;
  for (int i = 0; i < 64; ++i) b[i] = -1.0f * i;
  for (int i = 0; i < 64; ++i) want[i] = a[i / 4] + b[i];  // last dim 1 -> 4
  auto got = interp->Run({{"placeholder_0", MakeTensor<float>({1, 4, 4, 1}, a)},
                          {"placeholder_1", MakeTensor<float>({1, 4, 4, 4}, b)}},
                         {"result"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({1, 4, 4, 4}, want)));
}

}  // namespace
}  // namespace rill
