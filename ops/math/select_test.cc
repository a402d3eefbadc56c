// Tests Select: signature, TensorFlow's shape rules (scalar, same-shape and vector
// conditions; errors), kernel values for every dtype, kernel-time shape errors, and the gradient.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOpWithUnknownShapes;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SelectOpTest, Signature) {
  const OpRegistration* op = Op("Select");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Select(condition: bool, t: T, e: T) -> (output: T); attrs: T: type");
  EXPECT_NE(op->gradient, nullptr);
  EXPECT_FALSE(op->is_elementwise());  // a vector condition picks rows
}

struct SelectShapeCase {
  std::string cond, t, e, out;
};

TEST(SelectOpTest, Shapes) {
  const std::vector<SelectShapeCase> cases = {
      {"[]", "[2,3]", "[2,3]", "[2,3]"},  {"[2,3]", "[2,3]", "[2,3]", "[2,3]"},
      {"[2]", "[2,3]", "[2,3]", "[2,3]"}, {"[?]", "[?,3]", "[2,?]", "[2,3]"},
      {"[4]", "[?,3]", "[?,3]", "[4,3]"}, {"?", "[2,3]", "[?,3]", "[2,3]"},
      {"[2,?]", "?", "[?,3]", "[2,3]"},   {"[3]", "[3]", "[3]", "[3]"},
      {"[]", "[]", "[]", "[]"},           {"?", "?", "?", "<unknown>"},
      {"[0]", "[0,5]", "[0,5]", "[0,5]"},
  };
  for (const SelectShapeCase& c : cases) {
    EXPECT_THAT(InferOpShapes("Select", {{DT_BOOL, c.cond}, {DT_FLOAT, c.t}, {DT_FLOAT, c.e}}),
                HoldsValue(ElementsAre(c.out)))
        << c.cond << " " << c.t << " " << c.e;
  }
}

TEST(SelectOpTest, ShapeErrors) {
  auto infer = [](const char* cond, const char* t, const char* e) {
    return InferOpShapes("Select", {{DT_BOOL, cond}, {DT_INT32, t}, {DT_INT32, e}});
  };
  EXPECT_THAT(infer("[]", "[2]", "[3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Select): t and e must have the same shape, got [2] "
                                 "and [3]")));
  EXPECT_THAT(infer("[3]", "[2,3]", "[2,3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a vector condition must be as long as the first dim")));
  EXPECT_THAT(infer("[2,3]", "[3,2]", "[3,2]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("condition must be a scalar, a vector of the first dim")));
  EXPECT_THAT(infer("[2]", "[]", "[]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("condition must be")));
  EXPECT_THAT(infer("[2,1]", "[2,3]", "[2,3]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("condition must be")));
  EXPECT_THAT(InferOpShapes("Select", {{DT_BOOL, "[2]"}, {DT_FLOAT, "[2]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 2 (e)")));
  EXPECT_THAT(InferOpShapes("Select", {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[2]"}, {DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 (condition)")));
}

TEST(SelectOpTest, KernelScalarCondition) {
  const Tensor t = MakeTensor<std::string>({2}, {"a", "b"});
  const Tensor e = MakeTensor<std::string>({2}, {"c", "d"});
  ExpectOpOutput("Select", {MakeTensor<bool>({}, {true}), t, e}, {}, {t});
  ExpectOpOutput("Select", {MakeTensor<bool>({}, {false}), t, e}, {}, {e});
}

TEST(SelectOpTest, KernelSameShapeCondition) {
  ExpectOpOutput(
      "Select",
      {MakeTensor<bool>({2, 2}, {true, false, false, true}),
       MakeTensor<float>({2, 2}, {1, 2, 3, kNaN}), MakeTensor<float>({2, 2}, {5, 6, 7, 8})},
      {}, {MakeTensor<float>({2, 2}, {1, 6, 7, kNaN})});
  ExpectOpOutput("Select",
                 {MakeTensor<bool>({3}, {false, true, true}), MakeTensor<uint8_t>({3}, {1, 2, 3}),
                  MakeTensor<uint8_t>({3}, {4, 5, 6})},
                 {}, {MakeTensor<uint8_t>({3}, {4, 2, 3})});
  ExpectOpOutput("Select",
                 {MakeTensor<bool>({2}, {true, false}), MakeTensor<bool>({2}, {false, false}),
                  MakeTensor<bool>({2}, {true, true})},
                 {}, {MakeTensor<bool>({2}, {false, true})});
}

TEST(SelectOpTest, KernelVectorConditionPicksRows) {
  ExpectOpOutput(
      "Select",
      {MakeTensor<bool>({3}, {true, false, true}), MakeTensor<int32_t>({3, 2}, {1, 2, 3, 4, 5, 6}),
       MakeTensor<int32_t>({3, 2}, {-1, -2, -3, -4, -5, -6})},
      {}, {MakeTensor<int32_t>({3, 2}, {1, 2, -3, -4, 5, 6})});
  ExpectOpOutput(
      "Select",
      {MakeTensor<bool>({2}, {false, true}), MakeTensor<int64_t>({2, 1, 2}, {1, 2, 3, 4}),
       MakeTensor<int64_t>({2, 1, 2}, {kMin64, 0, 0, kMax64})},
      {}, {MakeTensor<int64_t>({2, 1, 2}, {kMin64, 0, 3, 4})});
  ExpectOpOutput(
      "Select",
      {MakeTensor<bool>({0}, {}), MakeTensor<double>({0, 3}, {}), MakeTensor<double>({0, 3}, {})},
      {}, {MakeTensor<double>({0, 3}, {})});
}

TEST(SelectOpTest, KernelChecksShapesUnknownWhileBuilding) {
  EXPECT_THAT(RunOpWithUnknownShapes("Select",
                                     {MakeTensor<bool>({}, {true}), MakeTensor<float>({2}, {1, 2}),
                                      MakeTensor<float>({3}, {1, 2, 3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Select): t and e must have the same shape")));
  EXPECT_THAT(RunOpWithUnknownShapes("Select", {MakeTensor<bool>({3}, {true, true, false}),
                                                MakeTensor<float>({2, 2}, {1, 2, 3, 4}),
                                                MakeTensor<float>({2, 2}, {1, 2, 3, 4})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Select): condition must be a scalar")));
}

TEST(SelectOpTest, Gradient) {
  // Scalar, same-shape and vector conditions; the bool condition gets no gradient.
  const std::vector<Tensor> conditions = {
      MakeTensor<bool>({}, {false}),
      MakeTensor<bool>({2, 3}, {true, false, true, true, false, false}),
      MakeTensor<bool>({2}, {false, true})};
  uint64_t seed = 1;
  for (const Tensor& cond : conditions) {
    EXPECT_OK(
        CheckOpGradients("Select", {cond, RandomTensor(DT_DOUBLE, TensorShape({2, 3}), seed++),
                                    RandomTensor(DT_DOUBLE, TensorShape({2, 3}), seed++)}))
        << cond.DebugString();
  }
  GradientCheckOptions options;
  options.placeholder_shapes = {
      {0, PartialShape({-1})}, {1, PartialShape({-1, 3})}, {2, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Select",
                             {MakeTensor<bool>({4}, {true, false, false, true}),
                              RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 7),
                              RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 8)},
                             {}, options));
}

}  // namespace
}  // namespace rill
