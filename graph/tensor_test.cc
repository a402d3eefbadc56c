// Tests for Tensor: allocation, alignment, buffer sharing and release, and TensorProto decoding
// with TensorFlow's rules (tensor_content, repeat-last, empty -> zeros, limits checked first).
#include "graph/tensor.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TensorProto ProtoWithShape(DataType dtype, std::vector<int64_t> dims) {
  TensorProto p;
  p.set_dtype(dtype);
  for (int64_t d : dims) p.mutable_tensor_shape()->add_dim()->set_size(d);
  return p;
}

template <typename T>
std::string RawBytes(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

float FloatFromBits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

TEST(TensorTest, EmptyTensor) {
  Tensor t;
  EXPECT_FALSE(t.valid());
  EXPECT_EQ(t.dtype(), DT_INVALID);
  EXPECT_EQ(t.raw_data(), nullptr);
  EXPECT_EQ(t.BufferRefCount(), 0);
  EXPECT_TRUE(t.bytes().empty());
  EXPECT_EQ(t.DebugString(), "<invalid tensor>");
  EXPECT_FALSE(t.SharesBufferWith(Tensor()));
}

TEST(TensorTest, CreateIsZeroedAndAligned) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_BOOL, DT_STRING,
                         DT_RESOURCE}) {
    for (const TensorShape& shape : {TensorShape(), TensorShape({0}), TensorShape({3, 5}),
                                     TensorShape({17})}) {
      ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::Create(dtype, shape));
      EXPECT_TRUE(t.valid());
      EXPECT_EQ(t.dtype(), dtype);
      EXPECT_EQ(t.shape(), shape);
      ASSERT_NE(t.raw_data(), nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(t.raw_data()) % 64, 0u)
          << DataTypeString(dtype) << shape.DebugString();
      EXPECT_EQ(t.byte_size(), shape.num_elements() * DataTypeSize(dtype));
      if (DataTypeSize(dtype) > 0) {
        EXPECT_EQ(t.bytes(), std::string(t.byte_size(), '\0'));
      }
    }
  }
  ASSERT_OK_AND_ASSIGN(Tensor s, Tensor::Create(DT_STRING, TensorShape({2})));
  EXPECT_THAT(s.ToVector<std::string>(), ElementsAre("", ""));
}

TEST(TensorTest, CreateRejectsBadDtypes) {
  EXPECT_THAT(Tensor::Create(DT_INVALID, TensorShape()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("DT_INVALID")));
  EXPECT_THAT(Tensor::Create(DT_HALF, TensorShape()),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("half")));
  EXPECT_THAT(Tensor::Create(DT_FLOAT_REF, TensorShape()),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("float_ref")));
}

TEST(TensorTest, CopiesShareTheBufferAndTheLastReleasesIt) {
  const int64_t live_before = Tensor::NumLiveBuffers();
  {
    ASSERT_OK_AND_ASSIGN(Tensor a, Tensor::FromVector<float>({1, 2, 3}, TensorShape({3})));
    EXPECT_EQ(Tensor::NumLiveBuffers(), live_before + 1);
    EXPECT_EQ(a.BufferRefCount(), 1);
    Tensor b = a;
    EXPECT_TRUE(b.SharesBufferWith(a));
    EXPECT_EQ(a.BufferRefCount(), 2);
    b.data<float>()[0] = 42;  // Writes through a copy are visible: the buffer is shared.
    EXPECT_EQ(a.data<float>()[0], 42);
    {
      Tensor c = b;
      EXPECT_EQ(a.BufferRefCount(), 3);
    }
    EXPECT_EQ(a.BufferRefCount(), 2);
    Tensor d = a.DeepCopy();
    EXPECT_FALSE(d.SharesBufferWith(a));
    EXPECT_TRUE(d.BitwiseEqual(a));
    EXPECT_EQ(Tensor::NumLiveBuffers(), live_before + 2);
    d.data<float>()[0] = 7;
    EXPECT_EQ(a.data<float>()[0], 42);
    a = Tensor();
    EXPECT_EQ(b.BufferRefCount(), 1);
    EXPECT_EQ(b.ToVector<float>(), std::vector<float>({42, 2, 3}));
    EXPECT_EQ(Tensor::NumLiveBuffers(), live_before + 2);
    Tensor moved = std::move(b);
    EXPECT_EQ(moved.BufferRefCount(), 1);
    EXPECT_EQ(Tensor::NumLiveBuffers(), live_before + 2);
  }
  EXPECT_EQ(Tensor::NumLiveBuffers(), live_before);
}

TEST(TensorTest, StringAndResourceElementsAreConstructedAndDestroyed) {
  // Long strings live on the heap: ASan's leak check fails this test if destructors do not run.
  const std::string long_a(1000, 'a');
  const std::string long_b(2000, 'b');
  ASSERT_OK_AND_ASSIGN(Tensor s, Tensor::FromVector<std::string>({long_a, long_b, ""},
                                                                 TensorShape({3})));
  Tensor shared = s;
  EXPECT_THAT(shared.ToVector<std::string>(), ElementsAre(long_a, long_b, ""));
  Tensor deep = s.DeepCopy();
  deep.data<std::string>()[2] = "changed";
  EXPECT_EQ(s.data<std::string>()[2], "");
  EXPECT_FALSE(deep.BitwiseEqual(s));

  Tensor r = Tensor::Scalar(ResourceHandle{std::string(500, 'c'), "var"});
  EXPECT_EQ(r.dtype(), DT_RESOURCE);
  EXPECT_EQ(r.data<ResourceHandle>()->name, "var");
  EXPECT_EQ(r.DebugString(), "resource [] {<" + std::string(500, 'c') + ":var>}");
}

TEST(TensorTest, ScalarFromVectorToVector) {
  EXPECT_EQ(Tensor::Scalar(2.5).ToVector<double>(), std::vector<double>({2.5}));
  EXPECT_EQ(Tensor::Scalar(int64_t{-9}).dtype(), DT_INT64);
  EXPECT_EQ(Tensor::Scalar(true).ToVector<bool>(), std::vector<bool>({true}));
  EXPECT_EQ(Tensor::Scalar(std::string("hi")).DebugString(), "string [] {\"hi\"}");
  ASSERT_OK_AND_ASSIGN(Tensor b, Tensor::FromVector<bool>({true, false, true}, TensorShape({3})));
  EXPECT_EQ(b.ToVector<bool>(), std::vector<bool>({true, false, true}));
  ASSERT_OK_AND_ASSIGN(Tensor u, Tensor::FromVector<uint8_t>({0, 255}, TensorShape({2})));
  EXPECT_EQ(u.DebugString(), "uint8 [2] {0, 255}");
  EXPECT_THAT(Tensor::FromVector<int32_t>({1, 2, 3}, TensorShape({2, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("3 values for shape [2,2]")));
}

TEST(TensorTest, DebugStringTruncates) {
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, TensorShape({2, 3})));
  EXPECT_EQ(t.DebugString(3), "float [2,3] {1, 2, 3, ...}");
  EXPECT_EQ(t.DebugString(), "float [2,3] {1, 2, 3, 4, 5, 6}");
  EXPECT_EQ(t.DebugString(0), "float [2,3] {...}");
}

TEST(TensorTest, BitwiseEqualDistinguishesNegativeZeroAndNanPayloads) {
  Tensor a = Tensor::Scalar(0.0f);
  Tensor b = Tensor::Scalar(-0.0f);
  EXPECT_FALSE(a.BitwiseEqual(b));
  Tensor n1 = Tensor::Scalar(FloatFromBits(0x7fc00001));
  Tensor n2 = Tensor::Scalar(FloatFromBits(0x7fc00002));
  EXPECT_FALSE(n1.BitwiseEqual(n2));
  EXPECT_TRUE(n1.BitwiseEqual(n1.DeepCopy()));
  EXPECT_FALSE(Tensor::Scalar(1.0f).BitwiseEqual(Tensor::Scalar(1.0)));  // dtype differs
  ASSERT_OK_AND_ASSIGN(Tensor v, Tensor::FromVector<float>({0}, TensorShape({1})));
  EXPECT_FALSE(a.BitwiseEqual(v));  // shape differs
}

// ---- FromProto: TensorFlow's decoding rules ----

TEST(TensorFromProtoTest, OneFloatValFillsA3x3Const) {
  TensorProto p = ProtoWithShape(DT_FLOAT, {3, 3});
  p.add_float_val(1.0f);
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_EQ(t.shape(), TensorShape({3, 3}));
  EXPECT_EQ(t.ToVector<float>(), std::vector<float>(9, 1.0f));
}

TEST(TensorFromProtoTest, ShortListRepeatsItsLastValue) {
  TensorProto p = ProtoWithShape(DT_INT32, {5});
  p.add_int_val(4);
  p.add_int_val(7);
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_THAT(t.ToVector<int32_t>(), ElementsAre(4, 7, 7, 7, 7));

  TensorProto s = ProtoWithShape(DT_STRING, {3});
  s.add_string_val("x");
  s.add_string_val("yy");
  ASSERT_OK_AND_ASSIGN(Tensor st, Tensor::FromProto(s));
  EXPECT_THAT(st.ToVector<std::string>(), ElementsAre("x", "yy", "yy"));

  TensorProto b = ProtoWithShape(DT_BOOL, {3});
  b.add_bool_val(false);
  b.add_bool_val(true);
  ASSERT_OK_AND_ASSIGN(Tensor bt, Tensor::FromProto(b));
  EXPECT_EQ(bt.ToVector<bool>(), std::vector<bool>({false, true, true}));

  TensorProto r = ProtoWithShape(DT_RESOURCE, {2});
  ResourceHandleProto* h = r.add_resource_handle_val();
  h->set_container("c");
  h->set_name("n");
  ASSERT_OK_AND_ASSIGN(Tensor rt, Tensor::FromProto(r));
  EXPECT_EQ(rt.data<ResourceHandle>()[1], (ResourceHandle{"c", "n"}));
}

TEST(TensorFromProtoTest, EachDtypeReadsItsOwnField) {
  TensorProto d = ProtoWithShape(DT_DOUBLE, {2});
  d.add_double_val(1.5);
  d.add_double_val(-2.5);
  ASSERT_OK_AND_ASSIGN(Tensor dt, Tensor::FromProto(d));
  EXPECT_THAT(dt.ToVector<double>(), ElementsAre(1.5, -2.5));

  TensorProto i64 = ProtoWithShape(DT_INT64, {});
  i64.add_int64_val(int64_t{1} << 40);
  ASSERT_OK_AND_ASSIGN(Tensor it, Tensor::FromProto(i64));
  EXPECT_THAT(it.ToVector<int64_t>(), ElementsAre(int64_t{1} << 40));

  // uint8 lives in int_val, as in TensorFlow.
  TensorProto u8 = ProtoWithShape(DT_UINT8, {2});
  u8.add_int_val(200);
  u8.add_int_val(3);
  ASSERT_OK_AND_ASSIGN(Tensor ut, Tensor::FromProto(u8));
  EXPECT_THAT(ut.ToVector<uint8_t>(), ElementsAre(200, 3));
}

TEST(TensorFromProtoTest, EmptyListMeansZeros) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_BOOL}) {
    ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(ProtoWithShape(dtype, {2, 2})));
    EXPECT_EQ(t.bytes(), std::string(4 * DataTypeSize(dtype), '\0')) << DataTypeString(dtype);
  }
  ASSERT_OK_AND_ASSIGN(Tensor s, Tensor::FromProto(ProtoWithShape(DT_STRING, {2})));
  EXPECT_THAT(s.ToVector<std::string>(), ElementsAre("", ""));
}

TEST(TensorFromProtoTest, ValuesInTheWrongFieldAreIgnored) {
  TensorProto p = ProtoWithShape(DT_FLOAT, {2, 2});
  p.add_int_val(5);
  p.add_int_val(6);
  p.add_double_val(7);
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_EQ(t.ToVector<float>(), std::vector<float>(4, 0.0f));
}

TEST(TensorFromProtoTest, ValuesBeyondTheShapeAreIgnoredAsInTensorFlow) {
  // TF's FromProtoField copies only the first n values of a longer list.
  TensorProto p = ProtoWithShape(DT_FLOAT, {2});
  for (float v : {1.f, 2.f, 3.f}) p.add_float_val(v);
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_THAT(t.ToVector<float>(), ElementsAre(1.f, 2.f));
  TensorProto empty_shape = ProtoWithShape(DT_INT64, {0});
  empty_shape.add_int64_val(1);
  ASSERT_OK_AND_ASSIGN(Tensor e, Tensor::FromProto(empty_shape));
  EXPECT_EQ(e.num_elements(), 0);
  TensorProto strings = ProtoWithShape(DT_STRING, {1});
  for (const char* v : {"a", "bb", "ccc"}) strings.add_string_val(v);
  ASSERT_OK_AND_ASSIGN(Tensor s, Tensor::FromProto(strings));
  EXPECT_THAT(s.ToVector<std::string>(), ElementsAre("a"));
}

TEST(TensorFromProtoTest, TensorContentWinsAndMustMatchExactly) {
  TensorProto p = ProtoWithShape(DT_FLOAT, {2});
  p.set_tensor_content(RawBytes<float>({3.5f, -1.0f}));
  p.add_float_val(9.0f);  // Ignored: tensor_content is non-empty.
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_THAT(t.ToVector<float>(), ElementsAre(3.5f, -1.0f));

  p.set_tensor_content(RawBytes<float>({3.5f, -1.0f, 2.0f}));
  EXPECT_THAT(Tensor::FromProto(p), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("tensor_content has 12 bytes")));
  p.set_tensor_content(std::string(7, 'x'));
  EXPECT_THAT(Tensor::FromProto(p), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("needs 2 x 4 bytes")));
  // Bool bytes other than 0/1 become true instead of undefined behaviour.
  TensorProto b = ProtoWithShape(DT_BOOL, {3});
  b.set_tensor_content(std::string("\x00\x01\x07", 3));
  ASSERT_OK_AND_ASSIGN(Tensor bt, Tensor::FromProto(b));
  EXPECT_EQ(bt.ToVector<bool>(), std::vector<bool>({false, true, true}));
}

TEST(TensorFromProtoTest, StringTensorContentUsesTensorFlowsEncoding) {
  TensorProto p = ProtoWithShape(DT_STRING, {2});
  p.set_tensor_content(std::string("\x02\x01" "ab" "c", 5));
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromProto(p));
  EXPECT_THAT(t.ToVector<std::string>(), ElementsAre("ab", "c"));
  p.set_tensor_content(std::string("\x02\x05" "ab" "c", 5));
  EXPECT_THAT(Tensor::FromProto(p), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("lengths need 7 bytes")));
  // A huge element count with tiny content fails before the lengths are even read.
  TensorProto huge = ProtoWithShape(DT_STRING, {int64_t{1} << 40});
  huge.set_tensor_content("x");
  EXPECT_THAT(Tensor::FromProto(huge), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("too few")));
}

TEST(TensorFromProtoTest, UnsupportedAndMissingDtypes) {
  for (DataType dtype : {DT_HALF, DT_COMPLEX64, DT_QINT8, DT_BFLOAT16, DT_VARIANT, DT_INT16}) {
    EXPECT_THAT(Tensor::FromProto(ProtoWithShape(dtype, {1})),
                StatusIs(absl::StatusCode::kUnimplemented, HasSubstr(DataTypeString(dtype))));
  }
  EXPECT_THAT(Tensor::FromProto(TensorProto()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("DT_INVALID")));
}

TEST(TensorFromProtoTest, BadShapesFailBeforeAllocating) {
  const int64_t live_before = Tensor::NumLiveBuffers();
  const int64_t big = int64_t{1} << 40;
  TensorProto overflow = ProtoWithShape(DT_FLOAT, {big, big});
  overflow.add_float_val(1);
  EXPECT_THAT(Tensor::FromProto(overflow), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("more than 2^63-1")));
  TensorProto negative = ProtoWithShape(DT_FLOAT, {3, -1});
  EXPECT_THAT(Tensor::FromProto(negative), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("tensor_shape")));
  TensorProto unknown_rank = ProtoWithShape(DT_FLOAT, {});
  unknown_rank.mutable_tensor_shape()->set_unknown_rank(true);
  EXPECT_THAT(Tensor::FromProto(unknown_rank), StatusIs(absl::StatusCode::kInvalidArgument,
                                                        HasSubstr("unknown rank")));
  // Content that cannot match a huge shape is rejected by size, not by trying to allocate.
  // 2^60 elements fit int64, but 2^63 bytes do not.
  TensorProto content = ProtoWithShape(DT_DOUBLE, {int64_t{1} << 30, int64_t{1} << 30});
  content.set_tensor_content(std::string(8, '\0'));
  EXPECT_THAT(Tensor::FromProto(content), StatusIs(absl::StatusCode::kInvalidArgument,
                                                   HasSubstr("tensor_content has 8 bytes")));
  EXPECT_EQ(Tensor::NumLiveBuffers(), live_before);
}

TEST(TensorFromProtoTest, ByteLimitIsCheckedBeforeAllocating) {
  const int64_t live_before = Tensor::NumLiveBuffers();
  // 10 GB of floats under the default 4 GiB limit: one float_val would splat, but it must fail fast.
  TensorProto ten_gb = ProtoWithShape(DT_FLOAT, {int64_t{2500} * 1000 * 1000});
  ten_gb.add_float_val(1.0f);
  EXPECT_THAT(Tensor::FromProto(ten_gb), StatusIs(absl::StatusCode::kResourceExhausted,
                                                  HasSubstr("exceeds the tensor size limit")));
  EXPECT_THAT(Tensor::Create(DT_DOUBLE, TensorShape({int64_t{1} << 31, 1000})),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("[2147483648,1000]")));
  // Element count that fits int64 but whose byte size does not.
  EXPECT_THAT(Tensor::Create(DT_DOUBLE, TensorShape({int64_t{1} << 62})),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("limit")));

  // A configurable limit.
  TensorLimits small{100};
  EXPECT_OK(Tensor::Create(DT_FLOAT, TensorShape({25}), small));
  EXPECT_THAT(Tensor::Create(DT_FLOAT, TensorShape({26}), small),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("limit of 100 bytes")));
  // Strings count their payload: one 60-byte string_val repeated 4 times is 240 bytes.
  TensorProto strings = ProtoWithShape(DT_STRING, {4});
  strings.add_string_val(std::string(60, 's'));
  EXPECT_THAT(Tensor::FromProto(strings, TensorLimits{static_cast<int64_t>(4 * sizeof(std::string) + 200)}),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("240 payload bytes")));
  EXPECT_OK(Tensor::FromProto(strings, TensorLimits{static_cast<int64_t>(4 * sizeof(std::string) + 240)}));
  // A repeated big string over a huge shape must not overflow the size computation.
  TensorProto splat = ProtoWithShape(DT_STRING, {std::numeric_limits<int64_t>::max() / 2});
  splat.add_string_val(std::string(1000, 'z'));
  EXPECT_THAT(Tensor::FromProto(splat), StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("limit")));
  EXPECT_EQ(Tensor::NumLiveBuffers(), live_before);
}

// ---- ToProto -> FromProto is bit-exact for every supported dtype ----

TEST(TensorRoundTripTest, EveryDtypeRoundTripsBitExactly) {
  std::vector<Tensor> tensors;
  tensors.push_back(*Tensor::FromVector<float>(
      {0.0f, -0.0f, FloatFromBits(0x7fc01234), FloatFromBits(0xffa00001),
       std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min()},
      TensorShape({2, 3})));
  double nan_payload;
  const uint64_t bits = 0x7ff8000000abcdefULL;
  std::memcpy(&nan_payload, &bits, sizeof(bits));
  tensors.push_back(*Tensor::FromVector<double>({-0.0, nan_payload, 1e300, -1e-310},
                                                TensorShape({4})));
  tensors.push_back(*Tensor::FromVector<int32_t>({std::numeric_limits<int32_t>::min(), -1, 7},
                                                 TensorShape({3, 1})));
  tensors.push_back(*Tensor::FromVector<int64_t>({std::numeric_limits<int64_t>::max(), -5},
                                                 TensorShape({2})));
  tensors.push_back(*Tensor::FromVector<uint8_t>({0, 128, 255}, TensorShape({3})));
  tensors.push_back(*Tensor::FromVector<bool>({true, false}, TensorShape({1, 2})));
  tensors.push_back(*Tensor::FromVector<std::string>({"", std::string("\0\xff", 2), "abc"},
                                                     TensorShape({3})));
  tensors.push_back(*Tensor::FromVector<ResourceHandle>({{"c1", "n1"}, {"", "n2"}},
                                                        TensorShape({2})));
  tensors.push_back(*Tensor::Create(DT_FLOAT, TensorShape({0, 4})));
  tensors.push_back(Tensor::Scalar(3));
  for (const Tensor& t : tensors) {
    TensorProto proto;
    t.ToProto(&proto);
    ASSERT_OK_AND_ASSIGN(Tensor back, Tensor::FromProto(proto));
    EXPECT_TRUE(back.BitwiseEqual(t)) << t.DebugString() << " vs " << back.DebugString();
    EXPECT_FALSE(back.SharesBufferWith(t));
    // The wire bytes round-trip too.
    TensorProto again;
    back.ToProto(&again);
    EXPECT_EQ(again.SerializeAsString(), proto.SerializeAsString());
  }
}

TEST(TensorRoundTripTest, ToProtoClearsTheTarget) {
  TensorProto proto;
  proto.add_float_val(5);
  proto.add_string_val("stale");
  Tensor::Scalar(1.0f).ToProto(&proto);
  EXPECT_EQ(proto.float_val_size(), 0);
  EXPECT_EQ(proto.string_val_size(), 0);
  EXPECT_EQ(proto.dtype(), DT_FLOAT);
}

}  // namespace
}  // namespace rill

namespace rill {
namespace {

TEST(TensorWrapExternalTest, ViewsForeignMemoryAndKeepsItsOwnerAlive) {
  auto arena = std::make_shared<std::vector<float>>(8, 0.0f);
  std::weak_ptr<std::vector<float>> watch = arena;
  Tensor t = Tensor::WrapExternal(DT_FLOAT, TensorShape({2, 2}), arena->data() + 4, arena);
  ASSERT_TRUE(t.valid());
  t.data<float>()[3] = 7.5f;
  EXPECT_EQ((*arena)[7], 7.5f);
  arena.reset();
  EXPECT_FALSE(watch.expired());  // the tensor holds the owner
  Tensor copy = t;
  t = Tensor();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(copy.data<float>()[3], 7.5f);
  copy = Tensor();
  EXPECT_TRUE(watch.expired());
}

TEST(TensorWrapExternalTest, RejectsNonNumericDtypesAndMissingOwner) {
  auto owner = std::make_shared<int>(0);
  char bytes[64];
  EXPECT_FALSE(Tensor::WrapExternal(DT_STRING, TensorShape({1}), bytes, owner).valid());
  EXPECT_FALSE(Tensor::WrapExternal(DT_FLOAT, TensorShape({1}), bytes, nullptr).valid());
  EXPECT_FALSE(Tensor::WrapExternal(DT_FLOAT, TensorShape({1}), nullptr, owner).valid());
}

}  // namespace
}  // namespace rill
