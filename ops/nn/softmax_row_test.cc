// Softmax, LogSoftmax and SoftmaxCrossEntropyWithLogits: their reference kernels (softmax_row.h)
// against their composite expansions on the reference executor, bitwise (f32 and f64; NaN, +-Inf,
// -0.0 and huge logits; rows of 1, 7, 17 and 1023 classes; the cross entropy's broadcasting).
#include "ops/nn/softmax_row.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/expand_composites.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

// Random values in [-30, 30) with NaN, +-Inf, -0.0, 0.0 and huge values sprinkled in (`seed`
// picks both); with `specials` false only the random values.
Tensor AwkwardTensor(DataType dtype, const TensorShape& shape, uint64_t seed, bool specials) {
  Tensor t = testing::RandomTensor(dtype, shape, seed, -30, 30);
  if (!specials) return t;
  const double inf = std::numeric_limits<double>::infinity();
  const double special[] = {std::nan(""), inf, -inf, -0.0, 0.0, 1e30, -1e30};
  const int64_t n = t.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t h = (static_cast<uint64_t>(i) * 2654435761u + seed * 97) % 23;
    if (h >= 7) continue;
    if (dtype == DT_FLOAT) {
      t.data<float>()[i] = static_cast<float>(special[h]);
    } else {
      t.data<double>()[i] = special[h];
    }
  }
  return t;
}

// Runs `fetches` of `graph` on the reference executor fed `feeds`, once as built (the ops' own
// kernels) and once after expanding every composite, and expects bitwise equal results; also
// that the first run really kept the op and the second did not.
void ExpectKernelIsExpansion(const GraphDef& graph, const std::vector<Feed>& feeds,
                             const std::vector<std::string>& fetches, const std::string& op) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> kernel, Interpreter::Create(graph));
  ExpansionMap map;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> expanded, GraphFromGraphDef(graph));
  ASSERT_OK_AND_ASSIGN(int count,
                       ExpandCompositeOps(expanded.get(), &map, ExpandPolicy::kEveryComposite));
  ASSERT_GT(count, 0);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> expansion, Interpreter::Create(*expanded));
  bool kept = false, gone = true;
  for (const Node* n : kernel->graph().nodes()) kept = kept || n->op() == op;
  for (const Node* n : expansion->graph().nodes()) gone = gone && n->op() != op;
  EXPECT_TRUE(kept) << op << " was expanded by the reference executor";
  EXPECT_TRUE(gone);
  // Fetch the expansion's outputs by their replacements' names (ExpansionMap).
  std::vector<std::string> expanded_fetches;
  for (const std::string& f : fetches) {
    ASSERT_OK_AND_ASSIGN(TensorId id, ParseTensorName(f));
    expanded_fetches.push_back(ResolveExpandedTensor(map, id).ToString());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, kernel->Run(feeds, fetches));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, expansion->Run(feeds, expanded_fetches));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(got[i].BitwiseEqual(want[i]))
        << fetches[i] << "\nkernel:    " << got[i].DebugString(64)
        << "\nexpansion: " << want[i].DebugString(64);
  }
}

struct Case {
  int64_t rows, classes;
  bool specials;
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (int64_t classes : {1, 7, 17, 1023}) {
    cases.push_back({5, classes, false});
    cases.push_back({9, classes, true});
  }
  cases.push_back({0, 4, false});
  cases.push_back({3, 0, false});
  return cases;
}

TEST(SoftmaxRowTest, SoftmaxAndLogSoftmaxKernelsAreTheirExpansionsBitwise) {
  for (const std::string op : {"Softmax", "LogSoftmax"}) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
      for (const Case& k : Cases()) {
        SCOPED_TRACE(absl::StrCat(op, " ", DataTypeString(dtype), " [", k.rows, ",", k.classes,
                                  "] specials ", k.specials));
        Scope root = Scope::NewRootScope();
        Output x = ops::Placeholder(root.WithOpName("x"), dtype);
        if (op == "Softmax") {
          ops::Softmax(root.WithOpName("y"), x);
        } else {
          ops::LogSoftmax(root.WithOpName("y"), x);
        }
        ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
        const Tensor in =
            AwkwardTensor(dtype, TensorShape({k.rows, k.classes}), 3 + k.classes, k.specials);
        ExpectKernelIsExpansion(graph, {{"x", in}}, {"y"}, op);
      }
    }
  }
}

TEST(SoftmaxRowTest, RankThreeAndHugeLogits) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  ops::Softmax(root.WithOpName("s"), x);
  ops::LogSoftmax(root.WithOpName("l"), x);
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  ExpectKernelIsExpansion(graph,
                          {{"x", AwkwardTensor(DT_FLOAT, TensorShape({2, 3, 17}), 8, true)}},
                          {"s", "l"}, "Softmax");
  const float big = std::numeric_limits<float>::max();
  ExpectKernelIsExpansion(
      graph, {{"x", testing::MakeTensor<float>({2, 3}, {big, big, -big, 1000, 1000, -1000})}},
      {"s", "l"}, "LogSoftmax");
}

TEST(SoftmaxRowTest, CrossEntropyKernelIsItsExpansionBitwise) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    for (const Case& k : Cases()) {
      SCOPED_TRACE(absl::StrCat(DataTypeString(dtype), " [", k.rows, ",", k.classes,
                                "] specials ", k.specials));
      Scope root = Scope::NewRootScope();
      Output f = ops::Placeholder(root.WithOpName("f"), dtype);
      Output l = ops::Placeholder(root.WithOpName("l"), dtype);
      ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), f, l);
      ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
      const TensorShape shape({k.rows, k.classes});
      // Labels: in [0, 1) (not normalised: the op does not require it), awkward in some cases.
      Tensor labels = testing::RandomTensor(dtype, shape, 50 + k.classes, 0, 1);
      if (k.specials) labels = AwkwardTensor(dtype, shape, 51 + k.classes, true);
      ExpectKernelIsExpansion(
          graph, {{"f", AwkwardTensor(dtype, shape, 7 + k.classes, k.specials)}, {"l", labels}},
          {"xent:0", "xent:1"}, "SoftmaxCrossEntropyWithLogits");
    }
  }
}

TEST(SoftmaxRowTest, CrossEntropyBroadcastsAsItsExpansion) {
  struct Shapes {
    std::vector<int64_t> f, l;
  };
  const std::vector<Shapes> shapes = {
      {{4, 7}, {7}},    {{4, 7}, {4, 1}}, {{4, 7}, {1, 7}}, {{4, 7}, {}},    {{1, 7}, {4, 7}},
      {{7}, {4, 7}},    {{4, 1}, {4, 7}}, {{1, 1}, {4, 7}}, {{4, 7}, {1, 1}}, {{4, 1}, {1, 7}},
      {{4, 1}, {4, 0}}, {{1, 0}, {3, 0}},
  };
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    for (const Shapes& s : shapes) {
      ASSERT_OK_AND_ASSIGN(const TensorShape fs, TensorShape::Create(s.f));
      ASSERT_OK_AND_ASSIGN(const TensorShape ls, TensorShape::Create(s.l));
      SCOPED_TRACE(absl::StrCat(DataTypeString(dtype), " ", fs.DebugString(), " ",
                                ls.DebugString()));
      Scope root = Scope::NewRootScope();
      Output f = ops::Placeholder(root.WithOpName("f"), dtype);
      Output l = ops::Placeholder(root.WithOpName("l"), dtype);
      ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), f, l);
      ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
      ExpectKernelIsExpansion(graph,
                              {{"f", AwkwardTensor(dtype, fs, 21, true)},
                               {"l", testing::RandomTensor(dtype, ls, 22, 0, 1)}},
                              {"xent:0", "xent:1"}, "SoftmaxCrossEntropyWithLogits");
    }
  }
}

TEST(SoftmaxRowTest, CrossEntropyShapesThatDoNotBroadcastAreErrors) {
  Scope root = Scope::NewRootScope();
  Output f = ops::Placeholder(root.WithOpName("f"), DT_FLOAT);
  Output l = ops::Placeholder(root.WithOpName("l"), DT_FLOAT);
  ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), f, l);
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> kernel, Interpreter::Create(graph));
  EXPECT_THAT(kernel->Run({{"f", testing::MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6})},
                           {"l", testing::MakeTensor<float>({2, 2}, {1, 0, 0, 1})}},
                          {"xent:0"}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("node 'xent' (SoftmaxCrossEntropyWithLogits)")));
}

TEST(SoftmaxRowTest, MakeXentBroadcast) {
  XentBroadcast b;
  const int64_t f[] = {4, 7}, l1[] = {7}, l2[] = {4, 1}, bad[] = {3, 7};
  ASSERT_TRUE(MakeXentBroadcast(f, 2, l1, 1, &b));
  EXPECT_EQ(b.batch, 4);
  EXPECT_EQ(b.classes, 7);
  EXPECT_EQ(b.l_rows, 1);
  EXPECT_EQ(b.l_classes, 7);
  ASSERT_TRUE(MakeXentBroadcast(l1, 1, f, 2, &b));
  EXPECT_EQ(b.f_rows, 1);
  EXPECT_EQ(b.batch, 4);
  ASSERT_TRUE(MakeXentBroadcast(f, 2, l2, 2, &b));
  EXPECT_EQ(b.l_classes, 1);
  EXPECT_FALSE(MakeXentBroadcast(f, 2, bad, 2, &b));
  EXPECT_FALSE(MakeXentBroadcast(l1, 1, l1, 1, &b));  // rank 1 result
  EXPECT_FALSE(MakeXentBroadcast(f, 0, f, 2, &b));    // scalar features
}

}  // namespace
}  // namespace rill
