// Tests RestoreV2: shapes (unknown, one output per dtype), values read back bit-exactly from a
// bundle, and errors naming the node and the tensor (missing name or file, dtype mismatch).
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_writer.h"
#include "io/file_system.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Strings(std::vector<std::string> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return *Tensor::FromVector(v, TensorShape({n}));
}

OpAttrs Dtypes(std::vector<DataType> types) { return {{"dtypes", MakeAttr(types)}}; }

// A bundle with w (float [2]) and global_step (int64 scalar).
absl::StatusOr<std::string> WriteBundle(const std::string& name) {
  const std::string prefix =
      io::JoinPath(io::JoinPath(::testing::TempDir(), "restore_v2_test"), name);
  ASSIGN_OR_RETURN(auto writer, io::BundleWriter::Create(prefix));
  RETURN_IF_ERROR(writer->Add("w", MakeTensor<float>({2}, {0.25f, -1})));
  RETURN_IF_ERROR(writer->Add("global_step", Tensor::Scalar<int64_t>(42)));
  RETURN_IF_ERROR(writer->Finish());
  return prefix;
}

TEST(RestoreV2OpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("RestoreV2", {{DT_STRING, "[]"}, {DT_STRING, "[2]"}, {DT_STRING, "[2]"}},
                            Dtypes({DT_FLOAT, DT_INT64})),
              HoldsValue(ElementsAre("<unknown>", "<unknown>")));
  EXPECT_THAT(InferOpShapes("RestoreV2", {{DT_STRING, "[]"}, {DT_STRING, "[2]"}, {DT_STRING, "[3]"}},
                            Dtypes({DT_FLOAT, DT_INT64})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape_and_slices has 3")));
}

TEST(RestoreV2OpTest, ReadsTheTensors) {
  ASSERT_OK_AND_ASSIGN(std::string prefix, WriteBundle("reads"));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("RestoreV2",
                             {Tensor::Scalar<std::string>(prefix), Strings({"global_step", "w"}),
                              Strings({"", ""})},
                             Dtypes({DT_INT64, DT_FLOAT})));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].BitwiseEqual(Tensor::Scalar<int64_t>(42))) << out[0].DebugString();
  EXPECT_TRUE(out[1].BitwiseEqual(MakeTensor<float>({2}, {0.25f, -1}))) << out[1].DebugString();
}

TEST(RestoreV2OpTest, ErrorsNameTheNodeAndTensor) {
  ASSERT_OK_AND_ASSIGN(std::string prefix, WriteBundle("errors"));
  const Tensor p = Tensor::Scalar<std::string>(prefix);
  EXPECT_THAT(RunOp("RestoreV2", {p, Strings({"w"}), Strings({""})}, Dtypes({DT_DOUBLE})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (RestoreV2): tensor_name = w; expected dtype double "
                                 "does not equal original dtype float")));
  EXPECT_THAT(RunOp("RestoreV2", {p, Strings({"nope"}), Strings({""})}, Dtypes({DT_FLOAT})),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("node 'op' (RestoreV2): tensor 'nope' in checkpoint")));
  EXPECT_THAT(RunOp("RestoreV2",
                    {Tensor::Scalar<std::string>(prefix + "_missing"), Strings({"w"}),
                     Strings({""})},
                    Dtypes({DT_FLOAT})),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("node 'op' (RestoreV2)")));
  EXPECT_THAT(RunOp("RestoreV2", {p, Strings({"w"}), Strings({"4 0,2"})}, Dtypes({DT_FLOAT})),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("partitioned")));
}

}  // namespace
}  // namespace rill
