// Tests the golden graph text: exact lines, stability under node order, attrs and cycles.
#include "compiler/testing/graph_printer.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/testing/pass_test_util.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"

namespace rill::compiler::testing {
namespace {

using ::testing::HasSubstr;

TEST(GraphPrinterTest, PrintsOneLinePerNodeInTopologicalOrder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 2}});
  Output c = ops::Const(root.WithOpName("c"), {1.f, 2.f});
  Output a = ops::AddV2(root.WithOpName("a"), x, c);
  ops::NoOp(root.WithOpName("done").WithControlDependencies(a));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(root));
  EXPECT_EQ(PrintGraph(*g),
            "c = Const() {dtype=float, value=float [2] {1, 2}}\n"
            "x = Placeholder() {dtype=float, shape=[?,2]}\n"
            "a = AddV2(x, c) {T=float}\n"
            "done = NoOp(^a)\n");
}

TEST(GraphPrinterTest, DoesNotDependOnNodeIds) {
  GraphDef def;
  for (const char* name : {"b", "a"}) {
    NodeDef* n = def.add_node();
    n->set_name(name);
    n->set_op("NoOp");
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g1, GraphFromGraphDef(def));
  def.mutable_node()->SwapElements(0, 1);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g2, GraphFromGraphDef(def));
  EXPECT_EQ(PrintGraph(*g1), "a = NoOp()\nb = NoOp()\n");
  EXPECT_EQ(PrintGraph(*g1), PrintGraph(*g2));
}

TEST(GraphPrinterTest, MarksCycles) {
  GraphDef def;
  NodeDef* a = def.add_node();
  a->set_name("a");
  a->set_op("NoOp");
  a->add_input("^b");
  NodeDef* b = def.add_node();
  b->set_name("b");
  b->set_op("NoOp");
  b->add_input("^a");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def));
  EXPECT_EQ(PrintGraph(*g), "a = NoOp(^b)  // cycle\nb = NoOp(^a)  // cycle\n");
}

TEST(GraphPrinterTest, ShortAttrValues) {
  AttrValue list;
  list.mutable_list()->add_i(1);
  list.mutable_list()->add_i(2);
  EXPECT_EQ(AttrValueToShortString(list), "[1, 2]");
  AttrValue s;
  s.set_s("hi");
  EXPECT_EQ(AttrValueToShortString(s), "\"hi\"");
  AttrValue b;
  b.set_b(true);
  EXPECT_EQ(AttrValueToShortString(b), "true");
  AttrValue bad;
  bad.mutable_shape()->add_dim()->set_size(-7);
  EXPECT_THAT(AttrValueToShortString(bad), HasSubstr("bad shape"));
  EXPECT_EQ(AttrValueToShortString(AttrValue()), "<unset>");
}

}  // namespace
}  // namespace rill::compiler::testing
