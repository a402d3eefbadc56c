// Tests AttrSlice: node values before op defaults, typed getters and their errors.
#include "ops/attr_slice.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"
#include "ops/testing/holds_value.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AttrSliceTest, NodeValuesThenDefaults) {
  ASSERT_OK_AND_ASSIGN(
      OpRegistration op,
      OpDefBuilder("A").Attr("T: type").Attr("flag: bool = true").Attr("n: int").Build());
  AttrMap attrs;
  attrs["T"].set_type(DT_DOUBLE);
  attrs["n"].set_i(4);
  AttrSlice slice(attrs, &op.def);
  EXPECT_THAT(slice.GetType("T"), HoldsValue(DT_DOUBLE));
  EXPECT_THAT(slice.GetBool("flag"), HoldsValue(true));  // the default
  EXPECT_THAT(slice.GetInt("n"), HoldsValue(4));
  EXPECT_EQ(slice.Find("missing"), nullptr);
  AttrSlice no_defaults(attrs, nullptr);
  EXPECT_EQ(no_defaults.Find("flag"), nullptr);
  EXPECT_THAT(no_defaults.GetBool("flag"),
              StatusIs(absl::StatusCode::kInvalidArgument, "missing attr 'flag'"));
  EXPECT_THAT(slice.GetBool("T"), StatusIs(absl::StatusCode::kInvalidArgument,
                                           "attr 'T' holds a type value, expected bool"));
}

TEST(AttrSliceTest, AllGetters) {
  AttrMap attrs;
  attrs["f"].set_f(2.5f);
  attrs["s"].set_s("SAME");
  attrs["shape"].mutable_shape()->add_dim()->set_size(-1);
  attrs["unknown"].mutable_shape()->set_unknown_rank(true);
  attrs["bad"].mutable_shape()->add_dim()->set_size(-7);
  attrs["tensor"].mutable_tensor()->set_dtype(DT_INT32);
  attrs["types"].mutable_list()->add_type(DT_FLOAT);
  attrs["types"].mutable_list()->add_type(DT_BOOL);
  attrs["ints"].mutable_list()->add_i(3);
  AttrSlice slice(attrs, nullptr);
  EXPECT_THAT(slice.GetFloat("f"), HoldsValue(2.5f));
  EXPECT_THAT(slice.GetString("s"), HoldsValue(std::string("SAME")));
  ASSERT_OK_AND_ASSIGN(PartialShape shape, slice.GetShape("shape"));
  EXPECT_EQ(shape.DebugString(), "[?]");
  ASSERT_OK_AND_ASSIGN(PartialShape unknown, slice.GetShape("unknown"));
  EXPECT_FALSE(unknown.rank_known());
  EXPECT_THAT(slice.GetShape("bad"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'bad'")));
  ASSERT_OK_AND_ASSIGN(const TensorProto* t, slice.GetTensor("tensor"));
  EXPECT_EQ(t->dtype(), DT_INT32);
  EXPECT_THAT(slice.GetTypeList("types"), HoldsValue(ElementsAre(DT_FLOAT, DT_BOOL)));
  EXPECT_THAT(slice.GetIntList("ints"), HoldsValue(ElementsAre(3)));
}

TEST(AttrValueKindTest, NamesEveryKind) {
  AttrValue v;
  EXPECT_EQ(AttrValueKind(v), "no value");
  v.set_s("x");
  EXPECT_EQ(AttrValueKind(v), "string");
  v.set_i(1);
  EXPECT_EQ(AttrValueKind(v), "int");
  v.mutable_list();
  EXPECT_EQ(AttrValueKind(v), "list");
  v.mutable_func();
  EXPECT_EQ(AttrValueKind(v), "func");
}

}  // namespace
}  // namespace rill
