// Tests attr checks against an OpDef (unknown, missing, kinds, allowed values, minimums) and
// defaults.
#include "ops/attr_validation.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

OpDef Def() {
  absl::StatusOr<OpRegistration> op = OpDefBuilder("Checked")
                                          .Attr("T: {float, int32}")
                                          .Attr("pad: {'SAME', 'VALID'} = 'SAME'")
                                          .Attr("N: int >= 1")
                                          .Attr("sizes: list(int) >= 2 = [1, 1]")
                                          .Attr("types: list({float, int32}) = []")
                                          .Attr("shape: shape = { unknown_rank: true }")
                                          .Build();
  EXPECT_OK(op);
  return op->def;
}

AttrMap Valid() {
  AttrMap attrs;
  attrs["T"].set_type(DT_FLOAT);
  attrs["N"].set_i(2);
  return attrs;
}

TEST(AttrValidationTest, ValidWithDefaultsAndInternalAttrs) {
  AttrMap attrs = Valid();
  attrs["_class"].set_s("anything");
  EXPECT_OK(ValidateNodeAttrs(Def(), attrs));
}

TEST(AttrValidationTest, Problems) {
  const OpDef def = Def();
  auto with = [](const std::string& name, AttrValue v) {
    AttrMap attrs = Valid();
    attrs[name] = std::move(v);
    return attrs;
  };
  AttrValue v;
  EXPECT_THAT(
      ValidateNodeAttrs(def, with("zz", v)),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("unknown attr 'zz' (op Checked declares T, pad, N, sizes, types, shape)")));
  AttrMap missing = Valid();
  missing.erase("N");
  EXPECT_THAT(ValidateNodeAttrs(def, missing),
              StatusIs(absl::StatusCode::kInvalidArgument, "missing attr 'N' (int)"));
  v.set_s("float");
  EXPECT_THAT(ValidateNodeAttrs(def, with("T", v)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'T' holds a string value \"float\", but the op declares type"));
  v.set_type(DT_BOOL);
  EXPECT_THAT(ValidateNodeAttrs(def, with("T", v)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'T' is bool, not one of the allowed types {float, int32}"));
  v.set_type(static_cast<DataType>(77));
  EXPECT_THAT(ValidateNodeAttrs(def, with("T", v)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid type unknown(77)")));
  v.set_s("FULL");
  EXPECT_THAT(ValidateNodeAttrs(def, with("pad", v)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'pad' is \"FULL\", not one of {\"SAME\", \"VALID\"}"));
  v.set_i(0);
  EXPECT_THAT(
      ValidateNodeAttrs(def, with("N", v)),
      StatusIs(absl::StatusCode::kInvalidArgument, "attr 'N' is 0, less than the minimum 1"));
  v.mutable_list()->add_i(5);
  EXPECT_THAT(ValidateNodeAttrs(def, with("sizes", v)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'sizes' has 1 elements, fewer than the minimum 2"));
  v.mutable_list()->add_f(1.f);
  EXPECT_THAT(ValidateNodeAttrs(def, with("sizes", v)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'sizes' is a list of float, but the op declares list(int)"));
  AttrValue types;
  types.mutable_list()->add_type(DT_STRING);
  EXPECT_THAT(ValidateNodeAttrs(def, with("types", types)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("attr 'types' is string, not one of")));
  AttrValue shape;
  shape.mutable_shape()->add_dim()->set_size(-3);
  EXPECT_THAT(ValidateNodeAttrs(def, with("shape", shape)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'shape'")));
  AttrValue empty;
  EXPECT_THAT(ValidateNodeAttrs(def, with("shape", empty)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attr 'shape' has no value, but the op declares shape"));
}

TEST(AttrValidationTest, AddDefaultAttrs) {
  AttrMap attrs = Valid();
  EXPECT_EQ(AddDefaultAttrs(Def(), &attrs), 4);
  EXPECT_EQ(attrs.at("pad").s(), "SAME");
  EXPECT_TRUE(attrs.at("shape").shape().unknown_rank());
  EXPECT_EQ(AddDefaultAttrs(Def(), &attrs), 0);
  EXPECT_OK(ValidateNodeAttrs(Def(), attrs));
}

TEST(AttrValidationTest, IsValidAttrType) {
  EXPECT_TRUE(IsValidAttrType("type"));
  EXPECT_TRUE(IsValidAttrType("list(shape)"));
  EXPECT_TRUE(IsValidAttrType("func"));
  EXPECT_FALSE(IsValidAttrType("list(list(int))"));
  EXPECT_FALSE(IsValidAttrType("tensorish"));
}

}  // namespace
}  // namespace rill
