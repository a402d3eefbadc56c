// Tests ValidateGraph: a table of malformed graphs, each rejected with a precise message, plus
// defaults.
#include "graph/graph_validate.h"

#include <memory>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// Shared producers: float [2,3] "f", float [4,5] "g", int32 scalar "i", float scalar "s".
constexpr char kInputs[] = R"pb(
  node {
    name: "f"
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
    name: "g"
    op: "Placeholder"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "shape"
      value {
        shape {
          dim { size: 4 }
          dim { size: 5 }
        }
      }
    }
  }
  node {
    name: "i"
    op: "Placeholder"
    attr {
      key: "dtype"
      value { type: DT_INT32 }
    }
    attr {
      key: "shape"
      value { shape {} }
    }
  }
  node {
    name: "s"
    op: "Placeholder"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "shape"
      value { shape {} }
    }
  }
)pb";

absl::Status LoadAndValidate(const std::string& nodes) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(std::string(kInputs) + nodes);
  if (!def.ok()) return def.status();
  return ValidateGraphDef(*def);
}

struct BadGraph {
  std::string test_name;
  std::string nodes;
  absl::StatusCode code;
  std::string message;
};

class MalformedGraphTest : public ::testing::TestWithParam<BadGraph> {};

TEST_P(MalformedGraphTest, IsRejectedWithPreciseMessage) {
  const BadGraph& c = GetParam();
  EXPECT_THAT(LoadAndValidate(c.nodes), StatusIs(c.code, HasSubstr(c.message)));
}

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

INSTANTIATE_TEST_SUITE_P(
    Validate, MalformedGraphTest,
    ::testing::Values(
        BadGraph{"UnknownOp", R"pb(node { name: "n" op: "Frobnicate" input: "f" })pb",
                 absl::StatusCode::kNotFound,
                 "node 'n' (Frobnicate): op 'Frobnicate' is not registered"},
        BadGraph{"TooFewInputs", R"pb(node {
                                        name: "add"
                                        op: "Add"
                                        input: "f"
                                        attr {
                                          key: "T"
                                          value { type: DT_FLOAT }
                                        }
                                      })pb",
                 kInvalid, "node 'add' (Add): expects 2 data inputs (x, y), got 1"},
        BadGraph{"TooManyInputs", R"pb(node {
                                         name: "id"
                                         op: "Identity"
                                         input: "f"
                                         input: "g"
                                         attr {
                                           key: "T"
                                           value { type: DT_FLOAT }
                                         }
                                       })pb",
                 kInvalid, "node 'id' (Identity): expects 1 data input (input), got 2"},
        BadGraph{"WrongInputDtype", R"pb(node {
                                           name: "add"
                                           op: "Add"
                                           input: "f"
                                           input: "i"
                                           attr {
                                             key: "T"
                                             value { type: DT_FLOAT }
                                           }
                                         })pb",
                 kInvalid, "node 'add' (Add): input 1 (y) 'i' is int32, expected float (attr T)"},
        BadGraph{"DataCycle",
                 R"pb(node {
                        name: "a"
                        op: "Identity"
                        input: "b"
                        attr {
                          key: "T"
                          value { type: DT_FLOAT }
                        }
                      }
                      node {
                        name: "b"
                        op: "Identity"
                        input: "a"
                        attr {
                          key: "T"
                          value { type: DT_FLOAT }
                        }
                      })pb",
                 kInvalid, "graph has a cycle through node 'a' (2 nodes, data and control edges"},
        BadGraph{"CycleThroughControlEdge",
                 R"pb(node {
                        name: "a"
                        op: "Identity"
                        input: "f"
                        input: "^b"
                        attr {
                          key: "T"
                          value { type: DT_FLOAT }
                        }
                      }
                      node {
                        name: "b"
                        op: "Identity"
                        input: "a"
                        attr {
                          key: "T"
                          value { type: DT_FLOAT }
                        }
                      })pb",
                 kInvalid, "a -> ^b -> a"},
        BadGraph{"DuplicateName", R"pb(node { name: "f" op: "NoOp" })pb", kInvalid,
                 "node #4: duplicate node name 'f'"},
        BadGraph{"EmptyName", R"pb(node { name: "" op: "NoOp" })pb", kInvalid,
                 "node #4 (op 'NoOp'): field 'name' is empty"},
        BadGraph{"DanglingInput", R"pb(node {
                                         name: "id"
                                         op: "Identity"
                                         input: "ghost"
                                         attr {
                                           key: "T"
                                           value { type: DT_FLOAT }
                                         }
                                       })pb",
                 kInvalid, "node 'id' input 0 ('ghost'): no node named 'ghost' in the graph"},
        BadGraph{"BadPort", R"pb(node {
                                   name: "id"
                                   op: "Identity"
                                   input: "f:1"
                                   attr {
                                     key: "T"
                                     value { type: DT_FLOAT }
                                   }
                                 })pb",
                 kInvalid,
                 "node 'id' (Identity): input 0 (input) 'f:1': port 1 does not exist; 'f' "
                 "(Placeholder) has 1 output"},
        BadGraph{"MalformedPort", R"pb(node {
                                         name: "id"
                                         op: "Identity"
                                         input: "f:one"
                                         attr {
                                           key: "T"
                                           value { type: DT_FLOAT }
                                         }
                                       })pb",
                 kInvalid, "node 'id' input 0 ('f:one'): tensor name 'f:one': port 'one'"},
        BadGraph{"ControlInputBeforeData", R"pb(node {
                                                  name: "add"
                                                  op: "Add"
                                                  input: "^g"
                                                  input: "f"
                                                  input: "f"
                                                  attr {
                                                    key: "T"
                                                    value { type: DT_FLOAT }
                                                  }
                                                })pb",
                 kInvalid, "node 'add' input 1 ('f'): data input after a control input"},
        BadGraph{"MissingAttrWithoutDefault", R"pb(node { name: "p" op: "Placeholder" })pb",
                 kInvalid, "node 'p' (Placeholder): missing attr 'dtype' (type)"},
        BadGraph{
            "AttrOfWrongKind", R"pb(node {
                                      name: "add"
                                      op: "Add"
                                      input: "f"
                                      input: "f"
                                      attr {
                                        key: "T"
                                        value { s: "float" }
                                      }
                                    })pb",
            kInvalid,
            "node 'add' (Add): attr 'T' holds a string value \"float\", but the op declares type"},
        BadGraph{"AttrWithoutValue", R"pb(node {
                                            name: "add"
                                            op: "Add"
                                            input: "f"
                                            input: "f"
                                            attr {
                                              key: "T"
                                              value {}
                                            }
                                          })pb",
                 kInvalid, "node 'add' (Add): attr 'T' has no value, but the op declares type"},
        BadGraph{"TypeNotAllowed", R"pb(node {
                                          name: "relu"
                                          op: "Relu"
                                          input: "f"
                                          attr {
                                            key: "T"
                                            value { type: DT_BOOL }
                                          }
                                        })pb",
                 kInvalid,
                 "node 'relu' (Relu): attr 'T' is bool, not one of the allowed types {float, "
                 "double, int32, int64, uint8}"},
        BadGraph{
            "BoolAttrGivenAsInt",
            R"pb(node {
                   name: "mm"
                   op: "MatMul"
                   input: "f"
                   input: "g"
                   attr {
                     key: "T"
                     value { type: DT_FLOAT }
                   }
                   attr {
                     key: "transpose_a"
                     value { i: 1 }
                   }
                 })pb",
            kInvalid,
            "node 'mm' (MatMul): attr 'transpose_a' holds a int value 1, but the op declares bool"},
        BadGraph{"UnknownAttr",
                 R"pb(node {
                        name: "id"
                        op: "Identity"
                        input: "f"
                        attr {
                          key: "T"
                          value { type: DT_FLOAT }
                        }
                        attr {
                          key: "colour"
                          value { s: "red" }
                        }
                      })pb",
                 kInvalid, "node 'id' (Identity): unknown attr 'colour' (op Identity declares T)"},
        BadGraph{"MatMulInnerDims", R"pb(node {
                                           name: "dense/MatMul"
                                           op: "MatMul"
                                           input: "f"
                                           input: "g"
                                           attr {
                                             key: "T"
                                             value { type: DT_FLOAT }
                                           }
                                         })pb",
                 kInvalid, "node 'dense/MatMul' (MatMul): inner dims 3 vs 4 (a: [2,3], b: [4,5]"},
        BadGraph{"MatMulOperandDtype", R"pb(node {
                                              name: "mm"
                                              op: "MatMul"
                                              input: "i"
                                              input: "g"
                                              attr {
                                                key: "T"
                                                value { type: DT_INT32 }
                                              }
                                            })pb",
                 kInvalid, "node 'mm' (MatMul): input 1 (b) 'g' is float, expected int32 (attr T)"},
        BadGraph{"MatMulRank", R"pb(node {
                                      name: "mm"
                                      op: "MatMul"
                                      input: "s"
                                      input: "g"
                                      attr {
                                        key: "T"
                                        value { type: DT_FLOAT }
                                      }
                                    })pb",
                 kInvalid, "node 'mm' (MatMul): a must have rank 2, got []"},
        BadGraph{"BroadcastMismatch", R"pb(node {
                                             name: "add"
                                             op: "AddV2"
                                             input: "f"
                                             input: "g"
                                             attr {
                                               key: "T"
                                               value { type: DT_FLOAT }
                                             }
                                           })pb",
                 kInvalid,
                 "node 'add' (AddV2): incompatible shapes for broadcasting: [2,3] vs [4,5]"},
        BadGraph{"ConstValueDtypeMismatch",
                 R"pb(node {
                        name: "c"
                        op: "Const"
                        attr {
                          key: "dtype"
                          value { type: DT_FLOAT }
                        }
                        attr {
                          key: "value"
                          value { tensor { dtype: DT_INT32 int_val: 1 } }
                        }
                      })pb",
                 kInvalid,
                 "node 'c' (Const): attr 'value' holds a int32 tensor but attr 'dtype' is float"},
        BadGraph{"BadShapeAttr",
                 R"pb(node {
                        name: "p"
                        op: "Placeholder"
                        attr {
                          key: "dtype"
                          value { type: DT_FLOAT }
                        }
                        attr {
                          key: "shape"
                          value { shape { dim { size: -5 } } }
                        }
                      })pb",
                 kInvalid, "node 'p' (Placeholder): attr 'shape'"},
        BadGraph{"PlaceholderWithDefaultShape",
                 R"pb(node {
                        name: "p"
                        op: "PlaceholderWithDefault"
                        input: "f"
                        attr {
                          key: "dtype"
                          value { type: DT_FLOAT }
                        }
                        attr {
                          key: "shape"
                          value {
                            shape {
                              dim { size: 3 }
                              dim { size: 3 }
                            }
                          }
                        }
                      })pb",
                 kInvalid,
                 "node 'p' (PlaceholderWithDefault): default input shape [2,3] is not compatible "
                 "with attr 'shape' [3,3]"}),
    [](const ::testing::TestParamInfo<BadGraph>& info) { return info.param.test_name; });

TEST(ValidateGraphTest, ValidGraphWithDefaultsAndInternalAttrs) {
  // transpose_a/transpose_b are missing (they have defaults); "_class" is internal and ignored.
  EXPECT_OK(LoadAndValidate(R"pb(
    node {
      name: "mm"
      op: "MatMul"
      input: "f"
      input: "f"
      input: "^g"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "transpose_b"
        value { b: true }
      }
      attr {
        key: "_class"
        value { list { s: "loc:@f" } }
      }
    }
    node { name: "init" op: "NoOp" input: "^mm" })pb"));
}

TEST(ValidateGraphTest, AddDefaultAttrsFillsDeclaredDefaultsOnly) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(std::string(kInputs) + R"pb(
    node {
      name: "mm"
      op: "MatMul"
      input: "f"
      input: "f"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "transpose_b"
        value { b: true }
      }
    }
    node { name: "u" op: "Unregistered" })pb");
  ASSERT_OK(def);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(*def));
  // f, g, i, s lack nothing (shape given); mm gets transpose_a, grad_a, grad_b; u is skipped.
  EXPECT_EQ(AddDefaultAttrs(g.get()), 3);
  const Node* mm = g->FindNode("mm");
  EXPECT_FALSE(mm->attrs().at("transpose_a").b());
  EXPECT_TRUE(mm->attrs().at("transpose_b").b());  // an explicit value is kept
  EXPECT_EQ(AddDefaultAttrs(g.get()), 0);
  // A Placeholder without `shape` gets TensorFlow's default: unknown rank.
  absl::StatusOr<GraphDef> p = ParseGraphDefText(R"pb(node {
                                                        name: "p"
                                                        op: "Placeholder"
                                                        attr {
                                                          key: "dtype"
                                                          value { type: DT_FLOAT }
                                                        }
                                                      })pb");
  ASSERT_OK(p);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> pg, GraphFromGraphDef(*p));
  EXPECT_EQ(AddDefaultAttrs(pg.get()), 1);
  EXPECT_TRUE(pg->FindNode("p")->attrs().at("shape").shape().unknown_rank());
  EXPECT_OK(ValidateGraph(*pg));
}

TEST(ValidateGraphTest, FirstProblemInInsertionOrderWins) {
  EXPECT_THAT(LoadAndValidate(R"pb(node { name: "z" op: "Zap" }
                                   node { name: "y" op: "Yap" })pb"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'z'")));
}

TEST(ValidateGraphTest, CustomRegistry) {
  OpRegistry empty;
  absl::StatusOr<GraphDef> def = ParseGraphDefText(kInputs);
  ASSERT_OK(def);
  EXPECT_THAT(
      ValidateGraphDef(*def, empty),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("op 'Placeholder' is not registered")));
}

}  // namespace
}  // namespace rill
