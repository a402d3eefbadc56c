// Tests SaveV2: shape checks, bundles it writes read back bit-exactly with io::BundleReader,
// and errors (partitioned slices, duplicate names, empty prefix) naming the node.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_reader.h"
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
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string TestPrefix(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "save_v2_test"), name);
}

Tensor Strings(std::vector<std::string> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return *Tensor::FromVector(v, TensorShape({n}));
}

TEST(SaveV2OpTest, Shapes) {
  const rill::testing::OpAttrs attrs = {{"dtypes", MakeAttr(std::vector<DataType>{DT_FLOAT})}};
  EXPECT_THAT(InferOpShapes("SaveV2",
                            {{DT_STRING, "[]"}, {DT_STRING, "[1]"}, {DT_STRING, "[?]"},
                             {DT_FLOAT, "[2,3]"}},
                            attrs),
              HoldsValue(IsEmpty()));
  EXPECT_THAT(InferOpShapes("SaveV2",
                            {{DT_STRING, "[]"}, {DT_STRING, "[2]"}, {DT_STRING, "[1]"},
                             {DT_FLOAT, "[2,3]"}},
                            attrs),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tensor_names has 2 entries but there are 1 tensors")));
  EXPECT_THAT(InferOpShapes("SaveV2",
                            {{DT_STRING, "[1]"}, {DT_STRING, "[1]"}, {DT_STRING, "[1]"},
                             {DT_FLOAT, "[2,3]"}},
                            attrs),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix")));
}

TEST(SaveV2OpTest, WritesABundleOfEveryTensor) {
  const std::string prefix = TestPrefix("every");
  const Tensor f = MakeTensor<float>({2, 2}, {1.5f, -0.0f, 3e38f, -7});
  const Tensor i = Tensor::Scalar<int64_t>(int64_t{1} << 40);
  const Tensor s = Strings({"a", "", "ccc"});
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOp("SaveV2", {Tensor::Scalar<std::string>(prefix), Strings({"w", "global_step", "vocab"}),
                       Strings({"", "", ""}), f, i, s}));
  EXPECT_THAT(out, IsEmpty());
  ASSERT_OK_AND_ASSIGN(auto reader, io::BundleReader::Open(prefix));
  EXPECT_THAT(reader->ListEntries(), ElementsAre("global_step", "vocab", "w"));
  ASSERT_OK_AND_ASSIGN(Tensor w, reader->Lookup("w"));
  EXPECT_TRUE(w.BitwiseEqual(f)) << w.DebugString();
  ASSERT_OK_AND_ASSIGN(Tensor step, reader->Lookup("global_step"));
  EXPECT_TRUE(step.BitwiseEqual(i)) << step.DebugString();
  ASSERT_OK_AND_ASSIGN(Tensor vocab, reader->Lookup("vocab"));
  EXPECT_TRUE(vocab.BitwiseEqual(s)) << vocab.DebugString();
}

TEST(SaveV2OpTest, ErrorsNameTheNode) {
  const Tensor prefix = Tensor::Scalar<std::string>(TestPrefix("errors"));
  const Tensor f = Tensor::Scalar<float>(1);
  EXPECT_THAT(RunOp("SaveV2", {prefix, Strings({"w"}), Strings({"2 0,1"}), f}),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node 'op' (SaveV2): tensor 'w': shape_and_slices")));
  EXPECT_THAT(RunOp("SaveV2", {prefix, Strings({"w", "w"}), Strings({"", ""}), f, f}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SaveV2): tensor 'w'")));
  EXPECT_THAT(RunOp("SaveV2", {Tensor::Scalar<std::string>(""), Strings({"w"}), Strings({""}), f}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix is empty")));
  // Nothing was left under the final names by the failed saves.
  EXPECT_FALSE(io::FileExists(TestPrefix("errors") + ".index"));
}

}  // namespace
}  // namespace rill
