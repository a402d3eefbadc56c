// Loads every real TensorFlow GraphDef in ../shared/conformance/tf-graphs: parsing, text <-> binary
// round trips and Const decoding with TensorFlow's rules. Skips when ../shared is absent.
#include <map>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "graph/graph_io.h"
#include "graph/tensor.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::google::protobuf::util::MessageDifferencer;

// The tf-graphs files by base name ("05-dl4j-reduce-dim-sum.pbtxt"), or a skip message.
absl::StatusOr<std::map<std::string, std::string>> GraphFiles() {
  absl::StatusOr<std::vector<std::string>> files =
      rill::testing::ConformanceFiles("tf-graphs", ".pbtxt");
  if (!files.ok()) return files.status();
  std::map<std::string, std::string> by_name;
  for (const std::string& path : *files) by_name[path.substr(path.find_last_of('/') + 1)] = path;
  return by_name;
}

#define RILL_GET_FILES_OR_SKIP(var)                                       \
  absl::StatusOr<std::map<std::string, std::string>> var = GraphFiles(); \
  if (!var.ok()) GTEST_SKIP() << var.status().message();                 \
  ASSERT_FALSE(var->empty()) << "no .pbtxt files in tf-graphs"

const NodeDef* FindNode(const GraphDef& g, const std::string& name) {
  for (const NodeDef& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

absl::StatusOr<Tensor> ConstValue(const GraphDef& g, const std::string& name) {
  const NodeDef* n = FindNode(g, name);
  if (n == nullptr) return absl::NotFoundError("no node " + name);
  auto it = n->attr().find("value");
  if (it == n->attr().end()) return absl::NotFoundError("no value attr on " + name);
  return Tensor::FromProto(it->second.tensor());
}

TEST(ConformanceTest, EveryFileLoadsAndRoundTrips) {
  RILL_GET_FILES_OR_SKIP(files);
  for (const auto& [name, path] : *files) {
    SCOPED_TRACE(path);
    ASSERT_OK_AND_ASSIGN(GraphDef g, ReadGraphDefFile(path));
    EXPECT_GT(g.node_size(), 0);
    // text -> binary -> text gives an equal message.
    const std::string bytes = SerializeDeterministic(g);
    ASSERT_OK_AND_ASSIGN(GraphDef from_binary, ParseGraphDefBinary(bytes));
    EXPECT_TRUE(MessageDifferencer::Equals(g, from_binary));
    const std::string text = GraphDefToText(from_binary);
    ASSERT_OK_AND_ASSIGN(GraphDef from_text, ParseGraphDefText(text));
    EXPECT_TRUE(MessageDifferencer::Equals(g, from_text));
    EXPECT_EQ(GraphDefToText(from_text), text);
    EXPECT_EQ(SerializeDeterministic(from_text), bytes);

    // The same file with Windows line endings parses to the same graph, whichever it has now.
    ASSERT_OK_AND_ASSIGN(std::string raw, ReadFileToString(path, 1 << 20));
    std::string crlf;
    for (char c : raw) {
      if (c == '\r') continue;
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    ASSERT_OK_AND_ASSIGN(GraphDef from_crlf, ParseGraphDefText(crlf));
    EXPECT_TRUE(MessageDifferencer::Equals(g, from_crlf));
  }
}

TEST(ConformanceTest, EveryConstDecodes) {
  RILL_GET_FILES_OR_SKIP(files);
  int consts = 0;
  for (const auto& [name, path] : *files) {
    SCOPED_TRACE(path);
    ASSERT_OK_AND_ASSIGN(GraphDef g, ReadGraphDefFile(path));
    for (const NodeDef& n : g.node()) {
      if (n.op() != "Const") continue;
      SCOPED_TRACE(n.name());
      ++consts;
      ASSERT_TRUE(n.attr().contains("value"));
      const TensorProto& proto = n.attr().at("value").tensor();
      ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(proto));
      ASSERT_OK_AND_ASSIGN(TensorShape shape, TensorShape::FromProto(proto.tensor_shape()));
      EXPECT_EQ(t.shape(), shape);
      if (n.attr().contains("dtype")) {
        EXPECT_EQ(t.dtype(), n.attr().at("dtype").type());
      }
      // Decoding then encoding then decoding is bit-exact.
      TensorProto again;
      t.ToProto(&again);
      ASSERT_OK_AND_ASSIGN(Tensor t2, Tensor::FromProto(again));
      EXPECT_TRUE(t2.BitwiseEqual(t));
    }
  }
  EXPECT_GT(consts, 10);
}

TEST(ConformanceTest, KnownConstValues) {
  RILL_GET_FILES_OR_SKIP(files);
  auto load = [&](const std::string& name) -> absl::StatusOr<GraphDef> {
    auto it = files->find(name);
    if (it == files->end()) return absl::NotFoundError("missing conformance file " + name);
    return ReadGraphDefFile(it->second);
  };

  // 05: alpha is a 3x3 Const written as one float_val: 1.0, which splats.
  ASSERT_OK_AND_ASSIGN(GraphDef g05, load("05-dl4j-reduce-dim-sum.pbtxt"));
  ASSERT_OK_AND_ASSIGN(Tensor alpha, ConstValue(g05, "alpha"));
  EXPECT_EQ(alpha.shape(), TensorShape({3, 3}));
  EXPECT_EQ(alpha.ToVector<float>(), std::vector<float>(9, 1.0f));
  EXPECT_EQ(g05.versions().producer(), 24);

  // 04: DT_FLOAT Consts that carry only int_val decode to zeros (TF reads float_val only).
  ASSERT_OK_AND_ASSIGN(GraphDef g04, load("04-tf-cc-matmul-chain.pbtxt"));
  EXPECT_FALSE(g04.has_versions());  // No versions block: producer 0.
  int int_val_floats = 0;
  for (const NodeDef& n : g04.node()) {
    if (n.op() != "Const") continue;
    const TensorProto& proto = n.attr().at("value").tensor();
    if (proto.dtype() != DT_FLOAT || proto.int_val_size() == 0 || proto.float_val_size() > 0) continue;
    ++int_val_floats;
    ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(proto));
    EXPECT_GT(t.num_elements(), 0);
    EXPECT_EQ(t.bytes(), std::string(t.byte_size(), '\0')) << n.name();
  }
  EXPECT_EQ(int_val_floats, 5);
  ASSERT_OK_AND_ASSIGN(Tensor c0, ConstValue(g04, "Const"));
  EXPECT_EQ(c0.shape(), TensorShape({2048, 1024}));

  // 07: mul/x is a [2,3] tensor_content of 5.0f.
  ASSERT_OK_AND_ASSIGN(GraphDef g07, load("07-ngraph-bridge-axpy.pbtxt"));
  ASSERT_OK_AND_ASSIGN(Tensor five, ConstValue(g07, "mul/x"));
  EXPECT_EQ(five.shape(), TensorShape({2, 3}));
  EXPECT_EQ(five.ToVector<float>(), std::vector<float>(6, 5.0f));

  // 01: int32 Consts from int_val, in a hand-edited file (`name  :` spacing, value before dtype).
  ASSERT_OK_AND_ASSIGN(GraphDef g01, load("01-tf-aot-tfadd.pbtxt"));
  ASSERT_OK_AND_ASSIGN(Tensor x, ConstValue(g01, "x_const"));
  ASSERT_OK_AND_ASSIGN(Tensor y, ConstValue(g01, "y_const"));
  EXPECT_EQ(x.ToVector<int32_t>(), std::vector<int32_t>({1}));
  EXPECT_EQ(y.ToVector<int32_t>(), std::vector<int32_t>({2}));
  EXPECT_EQ(g01.versions().producer(), 15);

  // 03: no versions block, an empty library, and a 3x3x2x2 tensor_content kernel.
  ASSERT_OK_AND_ASSIGN(GraphDef g03, load("03-tflite-e2e-conv2d.pbtxt"));
  EXPECT_FALSE(g03.has_versions());
  EXPECT_TRUE(g03.has_library());
  int kernels = 0;
  for (const NodeDef& n : g03.node()) {
    if (n.op() != "Const") continue;
    ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(n.attr().at("value").tensor()));
    if (t.shape() == TensorShape({3, 3, 2, 2})) {
      ++kernels;
      for (float v : t.ToVector<float>()) {
        EXPECT_GE(v, -0.41f);
        EXPECT_LE(v, 0.31f);
      }
    }
  }
  EXPECT_EQ(kernels, 1);
}

}  // namespace
}  // namespace rill
