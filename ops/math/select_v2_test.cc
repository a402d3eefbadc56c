// Tests SelectV2: signature, the three-way broadcasting shape table and errors, kernel values for
// every dtype, kernel-time shape errors, and the gradient with broadcasting.
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

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SelectV2OpTest, Signature) {
  const OpRegistration* op = Op("SelectV2");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "SelectV2(condition: bool, t: T, e: T) -> (output: T); attrs: T: type; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

struct SelectShapeCase {
  std::string cond, t, e, out;
};

TEST(SelectV2OpTest, Shapes) {
  const std::vector<SelectShapeCase> cases = {
      {"[]", "[2,3]", "[2,3]", "[2,3]"},
      {"[2,1]", "[3]", "[]", "[2,3]"},
      {"[3]", "[2,1]", "[1,3]", "[2,3]"},
      {"[?,3]", "[2,?]", "[]", "[2,3]"},
      {"?", "[2,3]", "[2,3]", "<unknown>"},
      {"[2,3]", "?", "[3]", "<unknown>"},
      {"[4,1,1]", "[1,5,1]", "[1,1,6]", "[4,5,6]"},
      {"[]", "[]", "[]", "[]"},
      {"[0]", "[1]", "[]", "[0]"},
  };
  for (const SelectShapeCase& c : cases) {
    EXPECT_THAT(InferOpShapes("SelectV2", {{DT_BOOL, c.cond}, {DT_DOUBLE, c.t}, {DT_DOUBLE, c.e}}),
                HoldsValue(ElementsAre(c.out)))
        << c.cond << " " << c.t << " " << c.e;
  }
  EXPECT_THAT(InferOpShapes("SelectV2", {{DT_BOOL, "[]"}, {DT_INT32, "[2]"}, {DT_INT32, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SelectV2): incompatible shapes for broadcasting: "
                                 "condition [], t [2], e [3]")));
  EXPECT_THAT(InferOpShapes("SelectV2", {{DT_BOOL, "[4]"}, {DT_INT32, "[2,3]"}, {DT_INT32, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("condition [4]")));
  EXPECT_THAT(InferOpShapes("SelectV2", {{DT_BOOL, "[2]"}, {DT_FLOAT, "[2]"}, {DT_DOUBLE, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 2 (e)")));
}

TEST(SelectV2OpTest, Kernel) {
  // condition [2,1], t [3], e scalar -> [2,3].
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({2, 1}, {true, false}), MakeTensor<float>({3}, {1, 2, kInf}),
                  MakeTensor<float>({}, {-1})},
                 {}, {MakeTensor<float>({2, 3}, {1, 2, kInf, -1, -1, -1})});
  ExpectOpOutput(
      "SelectV2",
      {MakeTensor<bool>({3}, {false, true, false}), MakeTensor<int32_t>({2, 1}, {10, 20}),
       MakeTensor<int32_t>({1, 3}, {kMin32, 0, kMax32})},
      {}, {MakeTensor<int32_t>({2, 3}, {kMin32, 10, kMax32, kMin32, 20, kMax32})});
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({}, {true}), MakeTensor<std::string>({2}, {"a", "b"}),
                  MakeTensor<std::string>({}, {"z"})},
                 {}, {MakeTensor<std::string>({2}, {"a", "b"})});
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({2}, {true, false}), MakeTensor<int64_t>({}, {kMax64}),
                  MakeTensor<int64_t>({}, {7})},
                 {}, {MakeTensor<int64_t>({2}, {kMax64, 7})});
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({2}, {false, true}), MakeTensor<uint8_t>({2}, {1, 2}),
                  MakeTensor<uint8_t>({2}, {255, 254})},
                 {}, {MakeTensor<uint8_t>({2}, {255, 2})});
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({2}, {false, true}), MakeTensor<bool>({}, {true}),
                  MakeTensor<bool>({}, {false})},
                 {}, {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("SelectV2",
                 {MakeTensor<bool>({0, 1}, {}), MakeTensor<double>({3}, {1, 2, 3}),
                  MakeTensor<double>({}, {0})},
                 {}, {MakeTensor<double>({0, 3}, {})});
}

TEST(SelectV2OpTest, KernelChecksShapesUnknownWhileBuilding) {
  EXPECT_THAT(RunOpWithUnknownShapes(
                  "SelectV2", {MakeTensor<bool>({2}, {true, false}),
                               MakeTensor<float>({3}, {1, 2, 3}), MakeTensor<float>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SelectV2): incompatible shapes for broadcasting")));
}

TEST(SelectV2OpTest, Gradient) {
  // The gradients of t and e are summed over the dims each was broadcast along.
  struct Case {
    Tensor cond;
    TensorShape t, e;
  };
  const std::vector<Case> cases = {
      {MakeTensor<bool>({2, 3}, {true, false, true, false, false, true}), TensorShape({2, 3}),
       TensorShape({2, 3})},
      {MakeTensor<bool>({2, 1}, {true, false}), TensorShape({3}), TensorShape({})},
      {MakeTensor<bool>({3}, {false, true, true}), TensorShape({2, 1}), TensorShape({1, 3})},
      {MakeTensor<bool>({}, {true}), TensorShape({2}), TensorShape({2, 2})},
  };
  uint64_t seed = 1;
  for (const Case& c : cases) {
    EXPECT_OK(CheckOpGradients("SelectV2", {c.cond, RandomTensor(DT_DOUBLE, c.t, seed++),
                                            RandomTensor(DT_DOUBLE, c.e, seed++)}))
        << c.cond.DebugString() << " " << c.t.DebugString() << " " << c.e.DebugString();
  }
  GradientCheckOptions options;
  options.placeholder_shapes = {{1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      "SelectV2",
      {MakeTensor<bool>({3}, {true, false, true}), RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 7),
       RandomTensor(DT_DOUBLE, TensorShape({3}), 8)},
      {}, options));
}

}  // namespace
}  // namespace rill
