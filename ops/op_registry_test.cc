// Tests OpRegistry (register, find, list, duplicates), ValidateOpDef and signature strings.
#include "ops/op_registry.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpRegistration Make(OpDefBuilder b) {
  absl::StatusOr<OpRegistration> op = b.Build();
  EXPECT_OK(op);
  return op.ok() ? *std::move(op) : OpRegistration();
}

TEST(OpRegistryTest, RegisterFindLookUpList) {
  OpRegistry reg;
  EXPECT_EQ(reg.size(), 0);
  ASSERT_OK(reg.Register(Make(OpDefBuilder("Zeta").Output("y: float"))));
  ASSERT_OK(reg.Register(Make(OpDefBuilder("Alpha").Input("x: T").Attr("T: type"))));
  EXPECT_EQ(reg.size(), 2);
  ASSERT_NE(reg.Find("Alpha"), nullptr);
  EXPECT_EQ(reg.Find("Alpha")->name(), "Alpha");
  EXPECT_EQ(reg.Find("Beta"), nullptr);
  ASSERT_OK_AND_ASSIGN(const OpRegistration* zeta, reg.LookUp("Zeta"));
  EXPECT_EQ(zeta->def.output_arg_size(), 1);
  EXPECT_THAT(reg.LookUp("Beta"),
              StatusIs(absl::StatusCode::kNotFound, "op 'Beta' is not registered"));
  std::vector<std::string> names;
  for (const OpRegistration* op : reg.List()) names.push_back(op->name());
  EXPECT_THAT(names, ElementsAre("Alpha", "Zeta"));
}

TEST(OpRegistryTest, DuplicateAndMalformedRegistrations) {
  OpRegistry reg;
  ASSERT_OK(reg.Register(Make(OpDefBuilder("Once"))));
  EXPECT_THAT(
      reg.Register(Make(OpDefBuilder("Once"))),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("op 'Once' is already registered")));
  OpRegistration bad;
  bad.def.set_name("lowercase");
  EXPECT_THAT(reg.Register(bad),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must match")));
}

TEST(OpRegistryTest, ExtensionSlotsAreEmptyAndFlagsReadable) {
  OpRegistration op =
      Make(OpDefBuilder("Flags").SetIsStateful().SetIsCommutative().SetIsElementwise());
  EXPECT_TRUE(op.is_stateful());
  EXPECT_TRUE(op.is_commutative());
  EXPECT_TRUE(op.is_elementwise());
  EXPECT_FALSE(op.gradient);
  EXPECT_FALSE(op.no_gradient);
  EXPECT_FALSE(op.reference_kernel);
  EXPECT_FALSE(op.expand);
  EXPECT_FALSE(op.element_emitter);
  EXPECT_FALSE(op.loop_emitter);
  EXPECT_FALSE(op.shape_fn);
}

TEST(OpRegistryTest, FindAttr) {
  OpRegistration op = Make(OpDefBuilder("A").Attr("k: int = 3"));
  ASSERT_NE(op.FindAttr("k"), nullptr);
  EXPECT_EQ(op.FindAttr("k")->default_value().i(), 3);
  EXPECT_EQ(op.FindAttr("z"), nullptr);
}

TEST(ValidateOpDefTest, RejectsInconsistentDefinitions) {
  OpDef def;
  def.set_name("Op");
  OpDef::ArgDef* arg = def.add_input_arg();
  arg->set_name("x");
  arg->set_type_attr("T");
  EXPECT_THAT(ValidateOpDef(def), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("arg 'x': 'T' is not a declared type attr")));
  OpDef::AttrDef* attr = def.add_attr();
  attr->set_name("T");
  attr->set_type("type");
  EXPECT_OK(ValidateOpDef(def));
  arg->set_type(DT_FLOAT);
  EXPECT_THAT(ValidateOpDef(def),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  arg->set_type(DT_INVALID);
  *def.add_input_arg() = *arg;
  EXPECT_THAT(ValidateOpDef(def),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("arg 'x' declared twice")));
  def.mutable_input_arg()->RemoveLast();
  attr->mutable_default_value()->set_i(2);
  EXPECT_THAT(ValidateOpDef(def),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("default of attr 'T': attr 'T' holds a int value 2")));
  attr->clear_default_value();
  attr->set_type("matrix");
  EXPECT_THAT(ValidateOpDef(def),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown type 'matrix'")));
  attr->set_type("type");
  *def.add_attr() = *attr;
  EXPECT_THAT(ValidateOpDef(def),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("declared twice")));
}

TEST(OpSignatureStringTest, FormatsArgsAttrsAndFlags) {
  OpRegistration op = Make(OpDefBuilder("Thing")
                               .Input("a: T")
                               .Input("values: N * int32")
                               .Input("ref: Ref(float)")
                               .Output("out: T")
                               .Attr("T: {float, double}")
                               .Attr("N: int >= 1")
                               .Attr("flag: bool = false")
                               .Attr("pad: {'SAME', 'VALID'} = 'SAME'")
                               .Attr("shape: shape = { unknown_rank: true }")
                               .Attr("dims: list(int) = [1, 2]")
                               .SetIsCommutative()
                               .SetIsElementwise());
  EXPECT_EQ(
      OpSignatureString(op),
      "Thing(a: T, values: N * int32, ref: Ref(float)) -> (out: T); attrs: T: {float, double}, "
      "N: int >= 1, flag: bool = false, pad: {'SAME', 'VALID'} = 'SAME', shape: shape = "
      "<unknown>, dims: list(int) = [1, 2]; flags: commutative, elementwise");
}

}  // namespace
}  // namespace rill
