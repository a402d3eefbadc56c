// Tests KernelContext and RunReferenceKernel: outputs, allocation limits, error prefixes, ref
// inputs, the variable store and the checks on what a kernel produced.
#include "ops/kernel_context.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

OpRegistration Op(ReferenceKernelFn kernel) {
  absl::StatusOr<OpRegistration> op =
      OpDefBuilder("Thing").Input("x: float").Output("y: float").SetReferenceKernel(kernel).Build();
  EXPECT_OK(op);
  return *op;
}

class KernelContextTest : public ::testing::Test {
 protected:
  KernelContext Context(KernelEnv env = {}) {
    return KernelContext("scope/thing", "Thing", AttrSlice(attrs_, nullptr),
                         {{MakeTensor<float>({2}, {1, 2}), nullptr}}, {DT_FLOAT}, env);
  }
  AttrMap attrs_;
};

TEST_F(KernelContextTest, AllocateAndSetOutputs) {
  KernelContext c = Context();
  EXPECT_EQ(c.num_inputs(), 1);
  EXPECT_EQ(c.ref_input(0), nullptr);
  auto out = c.allocate_output(0, TensorShape({2}));
  ASSERT_OK(out);
  out->data<float>()[1] = 5;
  EXPECT_THAT(c.output(0).tensor, TensorEq(MakeTensor<float>({2}, {0, 5})));
  KernelEnv small;
  small.limits.max_bytes = 4;
  KernelContext limited = Context(small);
  EXPECT_THAT(limited.allocate_output(0, TensorShape({2})),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("node 'scope/thing'")));
}

TEST_F(KernelContextTest, ErrorHelpersPrefixTheNodeOnce) {
  KernelContext c = Context();
  EXPECT_THAT(c.InvalidArgument("label ", 7, " out of range"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "node 'scope/thing' (Thing): label 7 out of range"));
  const absl::Status once = c.AddContext(absl::InvalidArgumentError("x"));
  EXPECT_EQ(c.AddContext(once), once);
  EXPECT_OK(c.AddContext(absl::OkStatus()));
  EXPECT_THAT(c.RefInput(0), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("must be a reference to a variable")));
  EXPECT_THAT(c.variables(), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(KernelContextTest, RunReferenceKernelChecksOutputs) {
  KernelContext c = Context();
  EXPECT_OK(RunReferenceKernel(Op([](KernelContext& k) {
                                 k.set_output(0, k.input(0));
                                 return absl::OkStatus();
                               }),
                               c));
  KernelContext unset = Context();
  EXPECT_THAT(RunReferenceKernel(Op([](KernelContext&) { return absl::OkStatus(); }), unset),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("did not set output 0")));
  KernelContext wrong = Context();
  EXPECT_THAT(RunReferenceKernel(Op([](KernelContext& k) {
                                   k.set_output(0, Tensor::Scalar<int32_t>(1));
                                   return absl::OkStatus();
                                 }),
                                 wrong),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("int32, expected float")));
  KernelContext failing = Context();
  EXPECT_THAT(
      RunReferenceKernel(
          Op([](KernelContext&) { return absl::InvalidArgumentError("attr 'x' missing"); }),
          failing),
      StatusIs(absl::StatusCode::kInvalidArgument, "node 'scope/thing' (Thing): attr 'x' missing"));
  KernelContext none = Context();
  EXPECT_THAT(RunReferenceKernel(Op(nullptr), none),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("has no reference kernel")));
}

TEST_F(KernelContextTest, RefInputsAndOutputs) {
  VariableStore store;
  auto var = store.LookupOrCreate("v", DT_FLOAT, PartialShape({2}));
  ASSERT_OK(var);
  KernelEnv env;
  env.variables = &store;
  env.random.step = 3;
  KernelContext c("assign", "Assign", AttrSlice(attrs_, nullptr),
                  {{Tensor(), *var}, {MakeTensor<float>({2}, {1, 2}), nullptr}}, {DT_FLOAT_REF},
                  env);
  EXPECT_THAT(c.RefInput(0), rill::testing::IsOkAndHolds(*var));
  EXPECT_THAT(c.variables(), rill::testing::IsOkAndHolds(&store));
  EXPECT_EQ(c.random_key().step, 3);
  absl::StatusOr<OpRegistration> op = OpDefBuilder("Assign2")
                                          .Input("ref: Ref(float)")
                                          .Input("value: float")
                                          .Output("out: Ref(float)")
                                          .Build();
  ASSERT_OK(op);
  op->reference_kernel = [](KernelContext&) { return absl::OkStatus(); };
  EXPECT_THAT(RunReferenceKernel(*op, c),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("did not set ref output 0")));
  op->reference_kernel = [](KernelContext& k) {
    k.set_ref_output(0, k.ref_input(0));
    return absl::OkStatus();
  };
  EXPECT_OK(RunReferenceKernel(*op, c));
}

}  // namespace
}  // namespace rill
