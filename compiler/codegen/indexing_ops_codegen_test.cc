// Loop emitters of the indexing ops (StridedSlice and its gradient, OneHot, Select with a vector
// condition, InTopKV2) compiled through compiler::Compile: each node runs natively and matches
// the reference executor bitwise, over masks, negative strides, new/shrunk axes, NaN and ties.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::testing::Contains;
using ::testing::Not;

// Compiles `fetch`, checks that it ran natively and equals the interpreter's value bitwise.
void ExpectNativeAndBitwise(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                            const std::vector<Tensor>& values, const std::string& fetch) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(g, {feeds, {fetch}, {}}));
  EXPECT_THAT(exe->compiled_nodes(), Contains(fetch));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(values, 0));
  EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains(fetch)));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  std::vector<Feed> named;
  for (size_t i = 0; i < feeds.size(); ++i) named.emplace_back(feeds[i].name, values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, {fetch}));
  EXPECT_TRUE(got[0].BitwiseEqual(want[0])) << "compiled:  " << got[0].DebugString(12)
                                            << "\nreference: " << want[0].DebugString(12);
}

struct SliceCase {
  std::vector<int32_t> begin, end, strides;
  ops::StridedSliceAttrs attrs;
};

// x is [4, 5, 6]; the cases cover steps, negative strides, masks, ellipsis, new and shrunk axes,
// and an empty result.
std::vector<SliceCase> SliceCases() {
  return {
      {{1, 0, 2}, {3, 5, 6}, {1, 2, 3}, {}},
      {{-1, 4, 5}, {0, 0, 0}, {-1, -2, -1}, {}},
      {{0, 1, 0}, {0, 4, 0}, {1, 1, 2}, {.begin_mask = 5, .end_mask = 5}},
      {{2, 3}, {3, 4}, {1, 1}, {.shrink_axis_mask = 1}},
      {{0, 1}, {0, 3}, {1, 1}, {.ellipsis_mask = 1}},
      {{0, 0, 1}, {0, 0, 2}, {1, 1, 1}, {.new_axis_mask = 2, .shrink_axis_mask = 4}},
      {{3, 0, 0}, {1, 5, 6}, {1, 1, 1}, {}},  // empty first dim
  };
}

TEST(IndexingOpsCodegenTest, StridedSliceGathersLikeTheKernel) {
  const TensorShape xs({4, 5, 6});
  for (const SliceCase& k : SliceCases()) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
    const int64_t n = static_cast<int64_t>(k.begin.size());
    ops::StridedSlice(root.WithOpName("ss"), x, ops::Const(root, k.begin, TensorShape({n})),
                      ops::Const(root, k.end, TensorShape({n})),
                      ops::Const(root, k.strides, TensorShape({n})), k.attrs);
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(::testing::PrintToString(k.begin) + ::testing::PrintToString(k.strides));
    ExpectNativeAndBitwise(g, {{"x", DT_FLOAT, xs}}, {RandomTensor(DT_FLOAT, xs, 3)}, "ss");
  }
}

TEST(IndexingOpsCodegenTest, StridedSliceGradScattersAsAGather) {
  const TensorShape xs({4, 5, 6});
  for (const SliceCase& k : SliceCases()) {
    // dy has the slice's shape: take it from a forward slice of a constant.
    Scope root = Scope::NewRootScope();
    const int64_t n = static_cast<int64_t>(k.begin.size());
    Output b = ops::Const(root, k.begin, TensorShape({n}));
    Output e = ops::Const(root, k.end, TensorShape({n}));
    Output s = ops::Const(root, k.strides, TensorShape({n}));
    Output probe = ops::StridedSlice(root, ops::Const(root, RandomTensor(DT_FLOAT, xs, 1)), b, e,
                                     s, k.attrs);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> shape_of, [&] {
      auto g = root.ToGraphDef();
      return g.ok() ? Interpreter::Create(*g) : absl::StatusOr<std::unique_ptr<Interpreter>>(
                                                    g.status());
    }());
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> sliced, shape_of->Run({}, {probe.name()}));
    const TensorShape dys = sliced[0].shape();
    Output dy = ops::Placeholder(root.WithOpName("dy"), DT_FLOAT, {.shape = dys.AsPartial()});
    ops::StridedSliceGrad(root.WithOpName("grad"),
                          ops::Const(root, std::vector<int32_t>{4, 5, 6}, TensorShape({3})), b, e,
                          s, dy, k.attrs);
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(::testing::PrintToString(k.begin) + ::testing::PrintToString(k.strides));
    ExpectNativeAndBitwise(g, {{"dy", DT_FLOAT, dys}}, {RandomTensor(DT_FLOAT, dys, 4)}, "grad");
  }
}

TEST(IndexingOpsCodegenTest, OneHotAtEveryAxisWithOutOfRangeAndUint8Indices) {
  for (int64_t axis : {-1, 0, 1}) {
    for (DataType index_type : {DT_INT32, DT_INT64, DT_UINT8}) {
      Scope root = Scope::NewRootScope();
      Output idx = ops::Placeholder(root.WithOpName("i"), index_type, {.shape = {2, 3}});
      ops::OneHot(root.WithOpName("oh"), idx, ops::Const(root, 300),
                  ops::Const(root, -0.0f), ops::Const(root, 2.5f), {.axis = axis});
      ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
      // 255 as uint8 must select column 255, not -1; -1 / 300 / 7 select nothing for ints.
      Tensor values = index_type == DT_UINT8
                          ? MakeTensor<uint8_t>({2, 3}, {0, 255, 7, 1, 0, 200})
                      : index_type == DT_INT32
                          ? MakeTensor<int32_t>({2, 3}, {0, -1, 7, 300, 299, 2})
                          : MakeTensor<int64_t>({2, 3}, {0, -1, 7, 300, 299, 2});
      SCOPED_TRACE(absl::StrCat("axis ", axis, " ", DataType_Name(index_type)));
      ExpectNativeAndBitwise(g, {{"i", index_type, TensorShape({2, 3})}}, {values}, "oh");
    }
  }
}

TEST(IndexingOpsCodegenTest, SelectWithScalarVectorAndFullConditions) {
  const TensorShape xs({3, 4});
  for (const TensorShape& cs : {TensorShape({}), TensorShape({3}), TensorShape({3, 4})}) {
    Scope root = Scope::NewRootScope();
    Output cond = ops::Placeholder(root.WithOpName("c"), DT_BOOL, {.shape = cs.AsPartial()});
    Output t = ops::Placeholder(root.WithOpName("t"), DT_INT32, {.shape = xs.AsPartial()});
    Output e = ops::Placeholder(root.WithOpName("e"), DT_INT32, {.shape = xs.AsPartial()});
    ops::Select(root.WithOpName("sel"), cond, t, e);
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    ASSERT_OK_AND_ASSIGN(Tensor c, Tensor::Create(DT_BOOL, cs));
    for (int64_t i = 0; i < c.num_elements(); ++i) c.data<bool>()[i] = (i * 7 + 3) % 5 < 2;
    SCOPED_TRACE(cs.DebugString());
    ExpectNativeAndBitwise(
        g, {{"c", DT_BOOL, cs}, {"t", DT_INT32, xs}, {"e", DT_INT32, xs}},
        {c, RandomTensor(DT_INT32, xs, 6, -100, 100), RandomTensor(DT_INT32, xs, 7, -100, 100)},
        "sel");
  }
}

TEST(IndexingOpsCodegenTest, InTopKCountsStrictlyLargerAndRejectsNonFiniteRows) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Scope root = Scope::NewRootScope();
  Output p = ops::Placeholder(root.WithOpName("p"), DT_FLOAT, {.shape = {6, 4}});
  Output t = ops::Placeholder(root.WithOpName("t"), DT_INT64, {.shape = {6}});
  ops::InTopKV2(root.WithOpName("top"), p, t, ops::Const(root, int64_t{2}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  Tensor preds = MakeTensor<float>({6, 4}, {0.1f, 0.9f, 0.5f, 0.2f,    // target 2: 1 larger
                                            0.5f, 0.5f, 0.5f, 0.5f,    // ties are in
                                            0.1f, 0.2f, 0.3f, 0.4f,    // target 0: 3 larger
                                            0.1f, nan, 0.3f, 0.4f,     // NaN in the row
                                            0.1f, 0.2f, inf, 0.4f,     // inf in the row
                                            0.1f, 0.2f, 0.3f, 0.4f});  // target out of range
  Tensor targets = MakeTensor<int64_t>({6}, {2, 3, 0, 3, 3, 4});
  ExpectNativeAndBitwise(g, {{"p", DT_FLOAT, TensorShape({6, 4})}, {"t", DT_INT64, TensorShape({6})}},
                         {preds, targets}, "top");
}

TEST(IndexingOpsCodegenTest, UnpackAtEveryAxisBecomesNativeSlices) {
  const TensorShape xs({3, 4, 2});
  for (int64_t axis : {0, 1, 2, -1, -2, -3}) {
    const int64_t a = axis < 0 ? axis + 3 : axis;
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
    std::vector<Output> parts =
        ops::Unpack(root.WithOpName("u"), x, xs.dim(static_cast<int>(a)), {.axis = axis});
    // Fetch the last part through a named Neg (a fetch of "u:k" is a view with no kernel).
    ops::Neg(root.WithOpName("last"), parts.back());
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(absl::StrCat("axis ", axis));
    ExpectNativeAndBitwise(g, {{"x", DT_FLOAT, xs}}, {RandomTensor(DT_FLOAT, xs, 9)}, "last");
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                         Compile(g, {{{"x", DT_FLOAT, xs}}, {"last"}, {}}));
    EXPECT_THAT(exe->not_lowered(), ::testing::IsEmpty());
  }
}

TEST(IndexingOpsCodegenTest, IdentityNLeavesNoHostOp) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {5}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_INT32, {.shape = {2}});
  std::vector<Output> both = ops::IdentityN(root.WithOpName("ids"), {x, y});
  ops::Neg(root.WithOpName("n"), both[0]);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, TensorShape({5})},
                                       {"y", DT_INT32, TensorShape({2})}};
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(g, {feeds, {"n", "ids:1"}, {}}));
  EXPECT_THAT(exe->not_lowered(), ::testing::IsEmpty());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       exe->Run({RandomTensor(DT_FLOAT, TensorShape({5}), 1),
                                 MakeTensor<int32_t>({2}, {4, -9})},
                                0));
  EXPECT_TRUE(got[1].BitwiseEqual(MakeTensor<int32_t>({2}, {4, -9})));
}

}  // namespace
}  // namespace rill::compiler
