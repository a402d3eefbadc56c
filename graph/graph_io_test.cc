// Tests for graph_io: text/binary parsing and printing, a hand-encoded wire-format GraphDef,
// deterministic serialization, and file I/O errors.
#include "graph/graph_io.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/message_differencer.h"
#include "graph/tensor.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// ---- text -> message -> binary -> message -> text, through the public GraphDef API ----

// Puts `attr_text` (an AttrValue body) on a node, then round-trips the GraphDef.
void ExpectAttrRoundTrips(const std::string& attr_text, AttrValue::ValueCase expected_case) {
  SCOPED_TRACE(attr_text);
  const std::string text =
      "node { name: \"n\" op: \"Op\" attr { key: \"a\" value { " + attr_text + " } } }";
  ASSERT_OK_AND_ASSIGN(GraphDef from_text, ParseGraphDefText(text));
  const AttrValue& attr = from_text.node(0).attr().at("a");
  EXPECT_EQ(attr.value_case(), expected_case);
  const std::string bytes = SerializeDeterministic(from_text);
  ASSERT_OK_AND_ASSIGN(GraphDef from_binary, ParseGraphDefBinary(bytes));
  EXPECT_TRUE(MessageDifferencer::Equals(from_text, from_binary));
  EXPECT_EQ(GraphDefToText(from_binary), GraphDefToText(from_text));
  // Printing and reparsing the canonical text is stable too.
  ASSERT_OK_AND_ASSIGN(GraphDef reparsed, ParseGraphDefText(GraphDefToText(from_binary)));
  EXPECT_TRUE(MessageDifferencer::Equals(reparsed, from_text));
  EXPECT_EQ(SerializeDeterministic(reparsed), bytes);
}

TEST(GraphIoTest, EveryAttrValueKindRoundTrips) {
  using V = AttrValue;
  ExpectAttrRoundTrips(R"(s: "hello\001\377 world")", V::kS);
  ExpectAttrRoundTrips("s: \"\"", V::kS);
  ExpectAttrRoundTrips("i: -42", V::kI);
  ExpectAttrRoundTrips("i: 9223372036854775807", V::kI);
  ExpectAttrRoundTrips("f: 1.5", V::kF);
  ExpectAttrRoundTrips("f: -0", V::kF);
  ExpectAttrRoundTrips("f: 3.40282347e+38", V::kF);
  ExpectAttrRoundTrips("f: inf", V::kF);
  ExpectAttrRoundTrips("b: true", V::kB);
  ExpectAttrRoundTrips("b: false", V::kB);
  ExpectAttrRoundTrips("type: DT_HALF", V::kType);
  ExpectAttrRoundTrips("type: DT_FLOAT_REF", V::kType);
  ExpectAttrRoundTrips("shape { dim { size: 2 } dim { size: -1 } }", V::kShape);
  ExpectAttrRoundTrips("shape { unknown_rank: true }", V::kShape);
  ExpectAttrRoundTrips("shape { }", V::kShape);
  ExpectAttrRoundTrips("shape { dim { size: 3 name: \"batch\" } }", V::kShape);
  ExpectAttrRoundTrips(
      "tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } float_val: 1 float_val: 2 }",
      V::kTensor);
  ExpectAttrRoundTrips(
      R"(tensor { dtype: DT_FLOAT tensor_shape { dim { size: 1 } } tensor_content: "\000\000\200?" })",
      V::kTensor);
  ExpectAttrRoundTrips(R"(tensor { dtype: DT_STRING string_val: "a\000b" })", V::kTensor);
  ExpectAttrRoundTrips("list { s: \"a\" s: \"b\" }", V::kList);
  ExpectAttrRoundTrips("list { i: 1 i: -2 i: 0 }", V::kList);
  ExpectAttrRoundTrips("list { f: 0.5 f: -1e-30 }", V::kList);
  ExpectAttrRoundTrips("list { b: true b: false }", V::kList);
  ExpectAttrRoundTrips("list { type: DT_FLOAT type: DT_INT32_REF type: DT_RESOURCE }", V::kList);
  ExpectAttrRoundTrips(
      "list { shape { dim { size: 1 } } shape { unknown_rank: true } shape { dim { size: -1 } } }",
      V::kList);
  ExpectAttrRoundTrips("list { tensor { dtype: DT_INT32 int_val: 3 } tensor { dtype: DT_BOOL } }",
                       V::kList);
  ExpectAttrRoundTrips(
      "list { func { name: \"f\" attr { key: \"x\" value { i: 1 } } } func { name: \"g\" } }",
      V::kList);
  ExpectAttrRoundTrips("list { }", V::kList);
  ExpectAttrRoundTrips(
      "func { name: \"MyFn\" attr { key: \"T\" value { type: DT_FLOAT } } "
      "attr { key: \"inner\" value { func { name: \"g\" attr { key: \"k\" value { i: 1 } } "
      "attr { key: \"a\" value { list { s: \"z\" } } } } } } }",
      V::kFunc);
  ExpectAttrRoundTrips("placeholder: \"T\"", V::kPlaceholder);
}

TEST(GraphIoTest, EveryDataTypeRoundTrips) {
  const google::protobuf::EnumDescriptor* desc = DataType_descriptor();
  ASSERT_GT(desc->value_count(), 50);  // *_REF values included.
  std::string all = "list {";
  for (int i = 0; i < desc->value_count(); ++i) {
    const std::string name = desc->value(i)->name();
    ExpectAttrRoundTrips("type: " + name, AttrValue::kType);
    all += " type: " + name;
  }
  all += " }";
  ExpectAttrRoundTrips(all, AttrValue::kList);
  // And the values really come back: the list holds every enum value in order.
  ASSERT_OK_AND_ASSIGN(GraphDef g, ParseGraphDefText("node { attr { key: \"a\" value { " + all +
                                                     " } } }"));
  ASSERT_OK_AND_ASSIGN(GraphDef back, ParseGraphDefBinary(SerializeDeterministic(g)));
  const auto& types = back.node(0).attr().at("a").list().type();
  ASSERT_EQ(types.size(), desc->value_count());
  for (int i = 0; i < desc->value_count(); ++i) EXPECT_EQ(types[i], desc->value(i)->number());
}

// ---- a wire-format GraphDef written byte by byte from TensorFlow's field numbers ----

// A tiny protobuf wire encoder, independent of libprotobuf, so a wrong field number in our .proto
// files (which a text-only test would never notice) fails here.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
std::string Tag(int field, int wire_type) { return Varint((static_cast<uint64_t>(field) << 3) | static_cast<uint64_t>(wire_type)); }
std::string VarintField(int field, int64_t v) { return Tag(field, 0) + Varint(static_cast<uint64_t>(v)); }
std::string BytesField(int field, const std::string& payload) {
  return Tag(field, 2) + Varint(payload.size()) + payload;
}
std::string Fixed32(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  return out;
}
// A NodeDef attr map entry: key=1, value=2.
std::string AttrEntry(const std::string& key, const std::string& attr_value) {
  return BytesField(5, BytesField(1, key) + BytesField(2, attr_value));
}
// TensorShapeProto: dim=2, each Dim with size=1.
std::string Shape(const std::vector<int64_t>& dims) {
  std::string out;
  for (int64_t d : dims) out += BytesField(2, VarintField(1, d));
  return out;
}

TEST(GraphIoTest, HandEncodedBinaryGraphDefDecodes) {
  constexpr int kFloat = 1;  // DT_FLOAT
  // Const "w": float [2,3] from a packed float_val (field 5) of 2 values -> the last repeats.
  const std::string w_tensor = VarintField(1, kFloat) + BytesField(2, Shape({2, 3})) +
                               BytesField(5, Fixed32(1.5f) + Fixed32(-2.0f));
  const std::string w_node = BytesField(1, "w") + BytesField(2, "Const") +
                             BytesField(4, "/device:CPU:0") +
                             AttrEntry("dtype", VarintField(6, kFloat)) +
                             AttrEntry("value", BytesField(8, w_tensor));
  // Const "b": float [2] from tensor_content (field 4).
  const std::string b_tensor = VarintField(1, kFloat) + BytesField(2, Shape({2})) +
                               BytesField(4, Fixed32(0.25f) + Fixed32(-0.0f));
  const std::string b_node = BytesField(1, "b") + BytesField(2, "Const") +
                             AttrEntry("value", BytesField(8, b_tensor)) +
                             AttrEntry("dtype", VarintField(6, kFloat));
  // "sum": inputs (field 3), an int attr (i=3), a shape attr with -1 (a 10-byte varint), a list
  // attr (list=1) of packed ints (ListValue.i = 3).
  const std::string sum_node =
      BytesField(1, "sum") + BytesField(2, "AddN") + BytesField(3, "w") + BytesField(3, "b:0") +
      BytesField(3, "^w") + AttrEntry("N", VarintField(3, 2)) +
      AttrEntry("out_shape", BytesField(7, Shape({-1, 3}))) +
      AttrEntry("axes", BytesField(1, BytesField(3, Varint(1) + Varint(5) + Varint(300))));
  const std::string graph_bytes = BytesField(1, w_node) + BytesField(1, b_node) +
                                  BytesField(1, sum_node) + BytesField(4, VarintField(1, 27));

  ASSERT_OK_AND_ASSIGN(GraphDef g, ParseGraphDefBinary(graph_bytes));
  ASSERT_EQ(g.node_size(), 3);
  EXPECT_EQ(g.versions().producer(), 27);

  const NodeDef& w = g.node(0);
  EXPECT_EQ(w.name(), "w");
  EXPECT_EQ(w.op(), "Const");
  EXPECT_EQ(w.device(), "/device:CPU:0");
  EXPECT_EQ(w.attr().at("dtype").type(), DT_FLOAT);
  ASSERT_OK_AND_ASSIGN(Tensor wt, Tensor::FromProto(w.attr().at("value").tensor()));
  EXPECT_EQ(wt.shape(), TensorShape({2, 3}));
  EXPECT_EQ(wt.ToVector<float>(), std::vector<float>({1.5f, -2, -2, -2, -2, -2}));

  const NodeDef& b = g.node(1);
  EXPECT_EQ(b.name(), "b");
  ASSERT_OK_AND_ASSIGN(Tensor bt, Tensor::FromProto(b.attr().at("value").tensor()));
  ASSERT_OK_AND_ASSIGN(Tensor expected_b, Tensor::FromVector<float>({0.25f, -0.0f}, TensorShape({2})));
  EXPECT_TRUE(bt.BitwiseEqual(expected_b)) << bt.DebugString();

  const NodeDef& sum = g.node(2);
  EXPECT_EQ(sum.op(), "AddN");
  EXPECT_THAT(sum.input(), ::testing::ElementsAre("w", "b:0", "^w"));
  EXPECT_EQ(sum.attr().at("N").i(), 2);
  const TensorShapeProto& shape = sum.attr().at("out_shape").shape();
  ASSERT_EQ(shape.dim_size(), 2);
  EXPECT_EQ(shape.dim(0).size(), -1);
  EXPECT_EQ(shape.dim(1).size(), 3);
  EXPECT_THAT(sum.attr().at("axes").list().i(), ::testing::ElementsAre(1, 5, 300));

  // Our deterministic serializer writes exactly the same bytes for w (fields in number order, map
  // entries sorted: "dtype" < "value").
  GraphDef only_w;
  *only_w.add_node() = w;
  EXPECT_EQ(SerializeDeterministic(only_w), BytesField(1, w_node));
}

TEST(GraphIoTest, MalformedBinaryIsAnError) {
  // A length-delimited node claiming 100 bytes with only 2 present.
  const std::string truncated = Tag(1, 2) + Varint(100) + "ab";
  EXPECT_THAT(ParseGraphDefBinary(truncated),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a valid binary GraphDef")));
  EXPECT_THAT(ParseGraphDefBinary("node {"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                      HasSubstr("binary GraphDef")));
  ASSERT_OK_AND_ASSIGN(GraphDef empty, ParseGraphDefBinary(""));
  EXPECT_EQ(empty.node_size(), 0);
}

// ---- text parsing details ----

TEST(GraphIoTest, TextErrorsGiveLineAndColumn) {
  // protobuf reports the token after the unknown name: the ':' in column 14 of line 3.
  const std::string text = "node {\n  name: \"a\"\n  bogus_field: 1\n}\n";
  EXPECT_THAT(ParseGraphDefText(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("at 3:14"), HasSubstr("bogus_field"))));
  EXPECT_THAT(ParseGraphDefText("node {\n  name: \"a\"\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at 3:1")));
  EXPECT_THAT(ParseGraphDefText("node { attr { key: \"k\" value { type: DT_NOPE } } }"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1:")));
}

TEST(GraphIoTest, TextAcceptsCommentsAndCrlf) {
  const std::string lf = "# comment\nnode {\n  name: \"a\"  # trailing\n  op: \"Const\"\n}\n";
  std::string crlf;
  for (char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ASSERT_OK_AND_ASSIGN(GraphDef a, ParseGraphDefText(lf));
  ASSERT_OK_AND_ASSIGN(GraphDef b, ParseGraphDefText(crlf));
  EXPECT_EQ(a.node(0).name(), "a");
  EXPECT_TRUE(MessageDifferencer::Equals(a, b));
}

TEST(GraphIoTest, ParseTextProtoWorksForAnyMessage) {
  TensorShapeProto shape;
  ASSERT_OK(ParseTextProto("dim { size: 4 }", &shape));
  EXPECT_EQ(shape.dim(0).size(), 4);
  EXPECT_THAT(ParseTextProto("dim { size: x }", &shape),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("rill.TensorShapeProto"), HasSubstr("1:"))));
}

// ---- determinism ----

GraphDef GraphWithAttrsInOrder(const std::vector<std::string>& keys) {
  GraphDef g;
  NodeDef* n = g.add_node();
  n->set_name("n");
  n->set_op("Op");
  NameAttrList* fn = (*n->mutable_attr())["fn"].mutable_func();
  fn->set_name("f");
  for (const std::string& k : keys) {
    (*n->mutable_attr())[k].set_s("value_of_" + k);
    (*fn->mutable_attr())[k].set_i(static_cast<int64_t>(k.size()));
  }
  return g;
}

TEST(GraphIoTest, SerializationIsIndependentOfMapInsertionOrder) {
  std::vector<std::string> keys;
  for (int i = 0; i < 40; ++i) keys.push_back("attr_" + std::to_string((i * 17) % 40));
  std::vector<std::string> reversed(keys.rbegin(), keys.rend());
  const GraphDef g1 = GraphWithAttrsInOrder(keys);
  const GraphDef g2 = GraphWithAttrsInOrder(reversed);
  const std::string bytes = SerializeDeterministic(g1);
  EXPECT_EQ(bytes, SerializeDeterministic(g2));
  EXPECT_EQ(GraphDefToText(g1), GraphDefToText(g2));
  // Sorted by key, so the bytes are canonical: "attr_0" comes before "attr_1" before "attr_39".
  EXPECT_LT(bytes.find("attr_0"), bytes.find("attr_1"));
  EXPECT_LT(bytes.find("attr_1"), bytes.find("attr_39"));
  const std::string text = GraphDefToText(g1);
  EXPECT_LT(text.find("\"attr_0\""), text.find("\"attr_1\""));
  EXPECT_LT(text.find("\"attr_1\""), text.find("\"attr_39\""));
  ASSERT_OK_AND_ASSIGN(GraphDef back, ParseGraphDefBinary(bytes));
  EXPECT_TRUE(MessageDifferencer::Equals(back, g1));
}

// ---- files ----

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

void WriteRaw(const std::string& path, const std::string& data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  ASSERT_EQ(std::fwrite(data.data(), 1, data.size(), f), data.size());
  std::fclose(f);
}

GraphDef SmallGraph() {
  GraphDef g;
  NodeDef* n = g.add_node();
  n->set_name("c");
  n->set_op("Const");
  (*n->mutable_attr())["dtype"].set_type(DT_FLOAT);
  Tensor::Scalar(2.0f).ToProto((*n->mutable_attr())["value"].mutable_tensor());
  g.mutable_versions()->set_producer(27);
  return g;
}

TEST(GraphIoFileTest, WriteAndReadBackTextAndBinary) {
  const GraphDef g = SmallGraph();
  for (const char* name : {"g.pbtxt", "g.pb", "g_text_noext", "g_binary_noext"}) {
    SCOPED_TRACE(name);
    const std::string path = TempPath(name);
    const bool text = path.find("text") != std::string::npos || path.find("pbtxt") != std::string::npos;
    ASSERT_OK(WriteGraphDefFile(g, path, text));
    ASSERT_OK_AND_ASSIGN(std::string raw, ReadFileToString(path, 1 << 20));
    EXPECT_EQ(raw, text ? GraphDefToText(g) : SerializeDeterministic(g));
    ASSERT_OK_AND_ASSIGN(GraphDef back, ReadGraphDefFile(path));
    EXPECT_TRUE(MessageDifferencer::Equals(back, g));
  }
}

TEST(GraphIoFileTest, MissingFileIsNotFoundAndNamesTheFile) {
  const std::string path = TempPath("does_not_exist.pbtxt");
  EXPECT_THAT(ReadGraphDefFile(path),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("does_not_exist.pbtxt")));
}

TEST(GraphIoFileTest, CorruptFilesNameTheFile) {
  const std::string bin = TempPath("corrupt.pb");
  WriteRaw(bin, std::string("\x0a\x64" "ab", 4));
  EXPECT_THAT(ReadGraphDefFile(bin), StatusIs(absl::StatusCode::kInvalidArgument,
                                              ::testing::AllOf(HasSubstr("corrupt.pb"),
                                                               HasSubstr("binary"))));
  const std::string txt = TempPath("corrupt.pbtxt");
  WriteRaw(txt, "node {\n  nam: \"x\"\n}\n");
  EXPECT_THAT(ReadGraphDefFile(txt), StatusIs(absl::StatusCode::kInvalidArgument,
                                              ::testing::AllOf(HasSubstr("corrupt.pbtxt"),
                                                               HasSubstr("at 2:6"))));
}

TEST(GraphIoFileTest, SizeCapIsCheckedBeforeReading) {
  const std::string path = TempPath("big.pbtxt");
  WriteRaw(path, GraphDefToText(SmallGraph()));
  EXPECT_THAT(ReadGraphDefFile(path, GraphIoLimits{16}),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       ::testing::AllOf(HasSubstr("big.pbtxt"), HasSubstr("limit of 16"))));
  EXPECT_OK(ReadGraphDefFile(path, GraphIoLimits{1 << 20}));
}

TEST(GraphIoFileTest, DirectoriesAndUnwritablePathsAreErrors) {
  EXPECT_THAT(ReadGraphDefFile(TempPath("")), StatusIs(absl::StatusCode::kInvalidArgument,
                                                      HasSubstr("is a directory")));
  EXPECT_THAT(WriteGraphDefFile(SmallGraph(), TempPath("no_such_dir/g.pb"), false),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no_such_dir/g.pb")));
}

}  // namespace
}  // namespace rill
