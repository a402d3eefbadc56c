// Tests the SaveV2/RestoreV2 argument checks through KernelContexts and ShapeContexts built by
// hand: wrong ranks, counts, an empty prefix and non-empty slices.
#include "ops/io/io_util.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Strings(std::vector<std::string> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return *Tensor::FromVector(v, TensorShape({n}));
}

KernelContext MakeContext(std::vector<Tensor> inputs, const AttrSlice& attrs) {
  std::vector<KernelInput> in;
  for (Tensor& t : inputs) in.push_back({std::move(t), nullptr});
  return KernelContext("save", "SaveV2", attrs, std::move(in), {});
}

TEST(IoUtilTest, ReadsValidArgs) {
  const AttrMap map;
  const AttrSlice attrs(map, nullptr);
  KernelContext c = MakeContext(
      {Tensor::Scalar<std::string>("/tmp/p"), Strings({"a", "b"}), Strings({"", ""})}, attrs);
  ASSERT_OK_AND_ASSIGN(CheckpointArgs args, ReadCheckpointArgs(c, 2));
  EXPECT_EQ(args.prefix, "/tmp/p");
  EXPECT_THAT(args.names, ElementsAre("a", "b"));
}

TEST(IoUtilTest, RejectsBadArgs) {
  const AttrMap map;
  const AttrSlice attrs(map, nullptr);
  KernelContext count = MakeContext(
      {Tensor::Scalar<std::string>("/tmp/p"), Strings({"a"}), Strings({"", ""})}, attrs);
  EXPECT_THAT(ReadCheckpointArgs(count, 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'save' (SaveV2): tensor_names must be a vector of 2")));
  KernelContext rank = MakeContext({Strings({"/tmp/p"}), Strings({"a"}), Strings({""})}, attrs);
  EXPECT_THAT(ReadCheckpointArgs(rank, 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix must be a scalar")));
  KernelContext slice = MakeContext(
      {Tensor::Scalar<std::string>("/tmp/p"), Strings({"a"}), Strings({"2 0,1"})}, attrs);
  EXPECT_THAT(ReadCheckpointArgs(slice, 1),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("tensor 'a'")));
}

}  // namespace
}  // namespace rill
