// Tests OpDefBuilder spec parsing (args, attrs, defaults, flags), its errors, and the static
// registrar.
#include "ops/op_def_builder.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(OpDefBuilderTest, ArgsResolveToTypesAndAttrs) {
  ASSERT_OK_AND_ASSIGN(OpRegistration op, OpDefBuilder("Mix")
                                              .Input("a: T")
                                              .Input("b: float")
                                              .Input("c: N * T")
                                              .Input("d: Tlist")
                                              .Input("e: Ref(T)")
                                              .Input("f: DT_INT64")
                                              .Output("z: T")
                                              .Attr("T: type")
                                              .Attr("N: int >= 0")
                                              .Attr("Tlist: list(type)")
                                              .Build());
  const OpDef& def = op.def;
  ASSERT_EQ(def.input_arg_size(), 6);
  EXPECT_EQ(def.input_arg(0).type_attr(), "T");
  EXPECT_EQ(def.input_arg(1).type(), DT_FLOAT);
  EXPECT_EQ(def.input_arg(2).number_attr(), "N");
  EXPECT_EQ(def.input_arg(2).type_attr(), "T");
  EXPECT_EQ(def.input_arg(3).type_list_attr(), "Tlist");
  EXPECT_TRUE(def.input_arg(4).is_ref());
  EXPECT_EQ(def.input_arg(5).type(), DT_INT64);
  EXPECT_EQ(def.output_arg(0).type_attr(), "T");
  EXPECT_TRUE(def.attr(1).has_minimum());
  EXPECT_EQ(def.attr(1).minimum(), 0);
}

TEST(OpDefBuilderTest, AttrSpecsAndDefaults) {
  ASSERT_OK_AND_ASSIGN(OpRegistration op,
                       OpDefBuilder("Attrs")
                           .Attr("T: {float, int32} = DT_INT32")
                           .Attr("U: type = float")
                           .Attr("pad: {'SAME', 'VALID'}")
                           .Attr("b: bool = true")
                           .Attr("i: int = -3")
                           .Attr("f: float = 0.5")
                           .Attr("s: string = 'a=b'")
                           .Attr("shape: shape = { dim { size: 2 } dim { size: -1 } }")
                           .Attr("types: list({float, int32}) = [float]")
                           .Attr("names: list(string) = []")
                           .Attr("k: list(int) >= 2")
                           .Build());
  const OpDef& def = op.def;
  EXPECT_EQ(def.attr(0).type(), "type");
  EXPECT_THAT(def.attr(0).allowed_values().list().type(), ElementsAre(DT_FLOAT, DT_INT32));
  EXPECT_EQ(def.attr(0).default_value().type(), DT_INT32);
  EXPECT_EQ(def.attr(1).default_value().type(), DT_FLOAT);
  EXPECT_EQ(def.attr(2).type(), "string");
  EXPECT_THAT(def.attr(2).allowed_values().list().s(), ElementsAre("SAME", "VALID"));
  EXPECT_TRUE(def.attr(3).default_value().b());
  EXPECT_EQ(def.attr(4).default_value().i(), -3);
  EXPECT_FLOAT_EQ(def.attr(5).default_value().f(), 0.5f);
  EXPECT_EQ(def.attr(6).default_value().s(), "a=b");
  EXPECT_EQ(def.attr(7).default_value().shape().dim(1).size(), -1);
  EXPECT_EQ(def.attr(8).type(), "list(type)");
  EXPECT_THAT(def.attr(8).default_value().list().type(), ElementsAre(DT_FLOAT));
  EXPECT_EQ(def.attr(9).default_value().value_case(), AttrValue::kList);
  EXPECT_EQ(def.attr(10).minimum(), 2);
}

TEST(OpDefBuilderTest, FlagsAndShapeFn) {
  ASSERT_OK_AND_ASSIGN(OpRegistration op,
                       OpDefBuilder("F")
                           .SetIsStateful()
                           .SetIsAggregate()
                           .SetAllowsUninitializedInput()
                           .SetShapeFn([](ShapeContext&) { return absl::OkStatus(); })
                           .Summary("does f")
                           .Build());
  EXPECT_TRUE(op.def.is_stateful());
  EXPECT_TRUE(op.def.is_aggregate());
  EXPECT_TRUE(op.def.allows_uninitialized_input());
  EXPECT_FALSE(op.def.is_commutative());
  EXPECT_TRUE(op.shape_fn);
  EXPECT_EQ(op.def.summary(), "does f");
}

struct BadSpec {
  OpDefBuilder builder;
  std::string message;
};

TEST(OpDefBuilderTest, SpecErrorsNameTheOpAndSpec) {
  const std::vector<BadSpec> cases = {
      {OpDefBuilder("B").Input("x"), "op 'B': spec 'x': expected 'name: ...'"},
      {OpDefBuilder("B").Input("x: T"), "'T' is neither a type nor a declared type attr"},
      {OpDefBuilder("B").Input("x: N * float"), "'N' must be a declared int attr"},
      {OpDefBuilder("B").Input("9x: float"), "'9x' is not a valid name"},
      {OpDefBuilder("B").Input("x:"), "missing type"},
      {OpDefBuilder("B").Attr("T: matrix"), "unknown attr type 'matrix'"},
      {OpDefBuilder("B").Attr("T: {float, 'x'}"), "all types or all quoted strings"},
      {OpDefBuilder("B").Attr("T: {flaot}"), "unknown type 'flaot'"},
      {OpDefBuilder("B").Attr("b: bool = maybe"), "bad default 'maybe' for bool"},
      {OpDefBuilder("B").Attr("i: int = 1.5"), "bad default '1.5' for int"},
      {OpDefBuilder("B").Attr("s: string = bare"), "bad default 'bare' for string"},
      {OpDefBuilder("B").Attr("s: shape = [2]"), "bad default '[2]' for shape"},
      {OpDefBuilder("B").Attr("l: list(int) = 3"), "bad default '3' for list(int)"},
      {OpDefBuilder("B").Attr("b: bool >= 1"), "'>=' applies only to int and list attrs"},
      {OpDefBuilder("B").Attr("i: int >= x"), "minimum after '>=' must be an integer"},
      {OpDefBuilder("B").Attr("i: int ="), "empty default"},
      {OpDefBuilder("B").Attr("T: {float} = DT_INT32"), "not one of the allowed types {float}"},
      {OpDefBuilder("B").Attr("i: int >= 2 = 1"), "less than the minimum 2"},
      {OpDefBuilder("B").Attr("a: int").Attr("a: int"), "attr 'a' declared twice"},
      {OpDefBuilder("lower"), "op name 'lower' must match"},
  };
  for (const BadSpec& c : cases) {
    EXPECT_THAT(c.builder.Build(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

// The static registrar registers into the global registry at start-up.
RILL_REGISTER_OP("OpDefBuilderTestOp").Input("x: T").Output("y: T").Attr("T: type");

TEST(OpRegistrarTest, StaticRegistrationReachesTheGlobalRegistry) {
  const OpRegistration* op = OpRegistry::Global()->Find("OpDefBuilderTestOp");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->def.input_arg(0).type_attr(), "T");
}

TEST(OpRegistrarDeathTest, BadSpecAbortsWithTheReason) {
  EXPECT_DEATH({ OpRegistrar r(OpDefBuilder("Broken").Input("x: Nope")); },
               "op 'Broken': spec 'x: Nope'");
}

TEST(OpDefBuilderTest, OneStatementSetsEverySlot) {
  auto grad = [](GradientContext&) { return absl::OkStatus(); };
  auto kernel = [](KernelContext&) { return absl::OkStatus(); };
  auto expand = [](ExpandContext&) { return absl::OkStatus(); };
  absl::StatusOr<OpRegistration> op = OpDefBuilder("Full")
                                          .Input("x: float")
                                          .Output("y: float")
                                          .SetGradient(grad)
                                          .SetReferenceKernel(kernel)
                                          .SetExpand(expand)
                                          .Build();
  ASSERT_OK(op);
  EXPECT_TRUE(op->gradient);
  EXPECT_FALSE(op->no_gradient);
  EXPECT_TRUE(op->reference_kernel);
  EXPECT_TRUE(op->expand);
  EXPECT_FALSE(op->element_emitter);
  absl::StatusOr<OpRegistration> stopped =
      OpDefBuilder("Stopped").Input("x: float").Output("y: float").SetNoGradient().Build();
  ASSERT_OK(stopped);
  EXPECT_TRUE(stopped->no_gradient);
  EXPECT_FALSE(stopped->gradient);
  // An element emitter only makes sense for an element-wise op.
  EXPECT_THAT(OpDefBuilder("NotElementwise")
                  .Input("x: float")
                  .Output("y: float")
                  .SetElementEmitter([](EmitterContext&) { return absl::OkStatus(); })
                  .Build(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SetIsElementwise")));
}

}  // namespace
}  // namespace rill
