// Tests ResolveArgs: fixed types, type attrs, N * T, type lists, refs, and hostile counts.
#include "ops/arg_types.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ArgTypesTest, ResolvesEveryArgKind) {
  ASSERT_OK_AND_ASSIGN(OpRegistration op, OpDefBuilder("Args")
                                              .Input("a: T")
                                              .Input("b: N * int64")
                                              .Input("c: L")
                                              .Input("d: Ref(T)")
                                              .Attr("T: type")
                                              .Attr("N: int")
                                              .Attr("L: list(type)")
                                              .Build());
  AttrMap attrs;
  attrs["T"].set_type(DT_FLOAT);
  attrs["N"].set_i(2);
  attrs["L"].mutable_list()->add_type(DT_BOOL);
  attrs["L"].mutable_list()->add_type(DT_STRING);
  ASSERT_OK_AND_ASSIGN(ResolvedArgs r, ResolveArgs(op.def.input_arg(), AttrSlice(attrs, &op.def)));
  EXPECT_THAT(r.dtypes,
              ElementsAre(DT_FLOAT, DT_INT64, DT_INT64, DT_BOOL, DT_STRING, DT_FLOAT_REF));
  EXPECT_THAT(r.arg_of_slot, ElementsAre(0, 1, 1, 2, 2, 3));
  EXPECT_EQ(SlotName(op.def.input_arg(), r, 0), "a");
  EXPECT_EQ(SlotName(op.def.input_arg(), r, 2), "b[1]");
  EXPECT_EQ(SlotName(op.def.input_arg(), r, 3), "c[0]");
  EXPECT_EQ(SlotName(op.def.input_arg(), r, 5), "d");
  EXPECT_EQ(ArgNames(op.def.input_arg()), "(a, b, c, d)");
}

TEST(ArgTypesTest, Errors) {
  ASSERT_OK_AND_ASSIGN(
      OpRegistration op,
      OpDefBuilder("Args").Input("a: N * T").Attr("T: type").Attr("N: int").Build());
  AttrMap attrs;
  EXPECT_THAT(ResolveArgs(op.def.input_arg(), AttrSlice(attrs, &op.def)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing attr 'T'")));
  attrs["T"].set_type(DT_FLOAT);
  attrs["N"].set_i(int64_t{1} << 40);
  EXPECT_THAT(
      ResolveArgs(op.def.input_arg(), AttrSlice(attrs, &op.def)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not a valid count for arg 'a'")));
  attrs["N"].set_i(-1);
  EXPECT_THAT(ResolveArgs(op.def.input_arg(), AttrSlice(attrs, &op.def)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("= -1")));
}

}  // namespace
}  // namespace rill
