// Tests per-node resolution against the registry: dtypes from attrs, input count, ports and dtypes.
#include "graph/node_signature.h"

#include <memory>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::unique_ptr<Graph> Load(const char* text) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(text);
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*def);
  EXPECT_OK(g);
  return *std::move(g);
}

TEST(NodeSignatureTest, ResolvesDtypesFromAttrs) {
  std::unique_ptr<Graph> g = Load(R"pb(
    node {
      name: "a"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_INT32 }
      }
    }
    node {
      name: "s"
      op: "Add"
      input: "a"
      input: "a"
      attr {
        key: "T"
        value { type: DT_INT32 }
      }
    })pb");
  ASSERT_OK_AND_ASSIGN(NodeSignature sig,
                       ResolveNodeSignature(*g->FindNode("s"), *OpRegistry::Global()));
  EXPECT_EQ(sig.op->name(), "Add");
  EXPECT_THAT(sig.inputs.dtypes, ElementsAre(DT_INT32, DT_INT32));
  EXPECT_THAT(sig.outputs.dtypes, ElementsAre(DT_INT32));
  ASSERT_OK_AND_ASSIGN(NodeSignature a,
                       ResolveNodeSignature(*g->FindNode("a"), *OpRegistry::Global()));
  EXPECT_OK(CheckDataInput(*g->FindNode("s"), sig, 1, a.outputs.dtypes));
}

TEST(NodeSignatureTest, Errors) {
  std::unique_ptr<Graph> g = Load(R"pb(
    node {
      name: "f"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "r"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT_REF }
      }
    }
    node { name: "u" op: "Frobnicate" }
    node {
      name: "one"
      op: "Add"
      input: "f"
      attr {
        key: "T"
        value { type: DT_INT32 }
      }
    }
    node {
      name: "two"
      op: "Add"
      input: "f"
      input: "f:1"
      attr {
        key: "T"
        value { type: DT_INT32 }
      }
    }
    node {
      name: "three"
      op: "Identity"
      input: "r"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    })pb");
  const OpRegistry& reg = *OpRegistry::Global();
  EXPECT_THAT(ResolveNodeSignature(*g->FindNode("u"), reg),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("node 'u' (Frobnicate): op 'Frobnicate' is not registered")));
  EXPECT_THAT(ResolveNodeSignature(*g->FindNode("one"), reg),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'one' (Add): expects 2 data inputs (x, y), got 1")));
  ASSERT_OK_AND_ASSIGN(NodeSignature two, ResolveNodeSignature(*g->FindNode("two"), reg));
  const std::vector<DataType> float_out = {DT_FLOAT};
  EXPECT_THAT(
      CheckDataInput(*g->FindNode("two"), two, 0, float_out),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'two' (Add): input 0 (x) 'f' is float, expected int32 (attr T)")));
  EXPECT_THAT(
      CheckDataInput(*g->FindNode("two"), two, 1, float_out),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("input 1 (y) 'f:1': port 1 does not exist; 'f' (Placeholder) has 1 output")));
  // A ref output feeds a non-ref input of the same base type.
  ASSERT_OK_AND_ASSIGN(NodeSignature three, ResolveNodeSignature(*g->FindNode("three"), reg));
  EXPECT_OK(CheckDataInput(*g->FindNode("three"), three, 0, {DT_FLOAT_REF}));
}

}  // namespace
}  // namespace rill
