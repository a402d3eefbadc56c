// Tests ShapeRefiner: shapes through a chain, ordering precondition, error context, ops without
// shape fns.
#include "graph/shape_refiner.h"

#include <memory>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "gtest/gtest.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

std::unique_ptr<Graph> Load(const char* text) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(text);
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*def);
  EXPECT_OK(g);
  return *std::move(g);
}

constexpr char kDense[] = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "shape"
      value {
        shape {
          dim { size: -1 }
          dim { size: 3 }
        }
      }
    }
  }
  node {
    name: "w"
    op: "Const"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "value"
      value {
        tensor {
          dtype: DT_FLOAT
          tensor_shape {
            dim { size: 3 }
            dim { size: 4 }
          }
          float_val: 1
        }
      }
    }
  }
  node {
    name: "b"
    op: "Const"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "value"
      value {
        tensor {
          dtype: DT_FLOAT
          tensor_shape { dim { size: 4 } }
          float_val: 0
        }
      }
    }
  }
  node {
    name: "mm"
    op: "MatMul"
    input: "x"
    input: "w"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
  node {
    name: "add"
    op: "Add"
    input: "mm"
    input: "b"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
  node {
    name: "relu"
    op: "Relu"
    input: "add"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
)pb";

TEST(ShapeRefinerTest, InfersThroughAChain) {
  std::unique_ptr<Graph> g = Load(kDense);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> refiner, InferShapes(*g));
  ASSERT_OK_AND_ASSIGN(auto relu, refiner->output(*g->FindNode("relu"), 0));
  EXPECT_EQ(relu.first, DT_FLOAT);
  EXPECT_EQ(relu.second.DebugString(), "[?,4]");
  EXPECT_EQ(refiner->outputs(*g->FindNode("w"))->shapes[0].DebugString(), "[3,4]");
  EXPECT_THAT(refiner->output(*g->FindNode("relu"), 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no output 1")));
}

TEST(ShapeRefinerTest, ProducersFirst) {
  std::unique_ptr<Graph> g = Load(kDense);
  ShapeRefiner refiner;
  EXPECT_THAT(refiner.AddNode(*g->FindNode("mm")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("input 0 comes from 'x'")));
  EXPECT_EQ(refiner.outputs(*g->FindNode("mm")), nullptr);
}

TEST(ShapeRefinerTest, ShapeFunctionErrorsNameTheNode) {
  std::unique_ptr<Graph> g = Load(R"pb(
    node {
      name: "a"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "shape"
        value {
          shape {
            dim { size: 2 }
            dim { size: 3 }
          }
        }
      }
    }
    node {
      name: "dense/MatMul"
      op: "MatMul"
      input: "a"
      input: "a"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    })pb");
  EXPECT_THAT(InferShapes(*g),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'dense/MatMul' (MatMul): inner dims 3 vs 2")));
}

TEST(ShapeRefinerTest, OpWithoutShapeFunctionGivesUnknownShapes) {
  OpRegistry registry;
  ASSERT_OK_AND_ASSIGN(OpRegistration op, OpDefBuilder("Mystery").Output("y: float").Build());
  ASSERT_OK(registry.Register(op));
  std::unique_ptr<Graph> g = Load(R"pb(node { name: "m" op: "Mystery" })pb");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> refiner, InferShapes(*g, registry));
  ASSERT_OK_AND_ASSIGN(auto out, refiner->output(*g->FindNode("m"), 0));
  EXPECT_EQ(out.first, DT_FLOAT);
  EXPECT_FALSE(out.second.rank_known());
}

TEST(ShapeRefinerTest, PublishedValuesReachConsumers) {
  // Const publishes its value and Shape its input's (partial) shape; Reshape uses them.
  std::unique_ptr<Graph> g = Load(R"pb(
    node {
      name: "x"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "shape"
        value {
          shape {
            dim { size: -1 }
            dim { size: 3 }
          }
        }
      }
    }
    node {
      name: "dims"
      op: "Const"
      attr {
        key: "dtype"
        value { type: DT_INT32 }
      }
      attr {
        key: "value"
        value {
          tensor {
            dtype: DT_INT32
            tensor_shape { dim { size: 2 } }
            int_val: 3
            int_val: -1
          }
        }
      }
    }
    node {
      name: "s"
      op: "Shape"
      input: "x"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "r1"
      op: "Reshape"
      input: "x"
      input: "dims"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "r2"
      op: "Reshape"
      input: "r1"
      input: "s"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
  )pb");
  absl::StatusOr<std::unique_ptr<ShapeRefiner>> refiner = InferShapes(*g);
  ASSERT_OK(refiner);
  const NodeOutputs* dims = (*refiner)->outputs(*g->FindNode("dims"));
  ASSERT_TRUE(dims->tensors[0].valid());
  EXPECT_EQ(dims->tensors[0].num_elements(), 2);
  EXPECT_EQ((*refiner)->outputs(*g->FindNode("s"))->shape_values[0]->DebugString(), "[?,3]");
  EXPECT_FALSE((*refiner)->outputs(*g->FindNode("s"))->tensors[0].valid());
  EXPECT_EQ((*refiner)->outputs(*g->FindNode("r1"))->shapes[0].DebugString(), "[3,?]");
  EXPECT_EQ((*refiner)->outputs(*g->FindNode("r2"))->shapes[0].DebugString(), "[?,3]");
}

}  // namespace
}  // namespace rill
