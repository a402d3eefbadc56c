// Tests for DataType helpers: names, sizes, ref types and the C++ type <-> enum mapping.
#include "graph/types.h"

#include <cctype>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

TEST(TypesTest, NamesMatchTensorFlow) {
  EXPECT_EQ(DataTypeString(DT_FLOAT), "float");
  EXPECT_EQ(DataTypeString(DT_DOUBLE), "double");
  EXPECT_EQ(DataTypeString(DT_INT32), "int32");
  EXPECT_EQ(DataTypeString(DT_INT64), "int64");
  EXPECT_EQ(DataTypeString(DT_UINT8), "uint8");
  EXPECT_EQ(DataTypeString(DT_BOOL), "bool");
  EXPECT_EQ(DataTypeString(DT_STRING), "string");
  EXPECT_EQ(DataTypeString(DT_RESOURCE), "resource");
  EXPECT_EQ(DataTypeString(DT_HALF), "half");
  EXPECT_EQ(DataTypeString(DT_FLOAT_REF), "float_ref");
  EXPECT_EQ(DataTypeString(DT_RESOURCE_REF), "resource_ref");
  EXPECT_EQ(DataTypeString(static_cast<DataType>(77)), "unknown(77)");
  EXPECT_EQ(DataTypeString(static_cast<DataType>(-3)), "unknown(-3)");
}

// Every enum value has a real name ("DT_FOO" -> "foo", "DT_FOO_REF" -> "foo_ref").
TEST(TypesTest, EveryEnumValueHasItsProtoName) {
  const google::protobuf::EnumDescriptor* desc = DataType_descriptor();
  for (int i = 0; i < desc->value_count(); ++i) {
    const auto* v = desc->value(i);
    const DataType dtype = static_cast<DataType>(v->number());
    std::string expected = v->name().substr(3);  // drop "DT_"
    for (char& c : expected) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(DataTypeString(dtype), expected) << v->name();
  }
}

TEST(TypesTest, RefTypes) {
  const google::protobuf::EnumDescriptor* desc = DataType_descriptor();
  for (int i = 0; i < desc->value_count(); ++i) {
    const DataType dtype = static_cast<DataType>(desc->value(i)->number());
    if (dtype == DT_INVALID) continue;
    const std::string& name = desc->value(i)->name();
    const bool is_ref = name.size() > 4 && name.compare(name.size() - 4, 4, "_REF") == 0;
    EXPECT_EQ(IsRefType(dtype), is_ref) << desc->value(i)->name();
    if (is_ref) {
      EXPECT_EQ(MakeRefType(BaseType(dtype)), dtype);
      EXPECT_FALSE(IsRefType(BaseType(dtype)));
    } else {
      EXPECT_EQ(BaseType(dtype), dtype);
      EXPECT_EQ(BaseType(MakeRefType(dtype)), dtype);
      EXPECT_TRUE(DataType_IsValid(MakeRefType(dtype))) << desc->value(i)->name();
    }
  }
  EXPECT_EQ(MakeRefType(DT_FLOAT), DT_FLOAT_REF);
  EXPECT_EQ(BaseType(DT_INT64_REF), DT_INT64);
  EXPECT_EQ(MakeRefType(DT_FLOAT_REF), DT_FLOAT_REF);
}

TEST(TypesTest, Classification) {
  for (DataType t : {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_BOOL}) {
    EXPECT_TRUE(IsSupportedDtype(t)) << DataTypeString(t);
    EXPECT_TRUE(IsCompilableDtype(t)) << DataTypeString(t);
  }
  for (DataType t : {DT_STRING, DT_RESOURCE}) {
    EXPECT_TRUE(IsSupportedDtype(t));
    EXPECT_FALSE(IsCompilableDtype(t));
  }
  for (DataType t : {DT_INVALID, DT_HALF, DT_COMPLEX64, DT_QINT8, DT_INT16, DT_INT8, DT_VARIANT,
                     DT_UINT64, DT_FLOAT_REF}) {
    EXPECT_FALSE(IsSupportedDtype(t)) << DataTypeString(t);
    EXPECT_FALSE(IsCompilableDtype(t)) << DataTypeString(t);
  }
  EXPECT_TRUE(IsFloatDtype(DT_FLOAT));
  EXPECT_TRUE(IsFloatDtype(DT_DOUBLE));
  EXPECT_FALSE(IsFloatDtype(DT_INT32));
  EXPECT_FALSE(IsFloatDtype(DT_HALF));
  EXPECT_TRUE(IsIntegerDtype(DT_INT32));
  EXPECT_TRUE(IsIntegerDtype(DT_INT64));
  EXPECT_TRUE(IsIntegerDtype(DT_UINT8));
  EXPECT_FALSE(IsIntegerDtype(DT_BOOL));
  EXPECT_FALSE(IsIntegerDtype(DT_FLOAT));
}

TEST(TypesTest, Sizes) {
  EXPECT_EQ(DataTypeSize(DT_FLOAT), 4);
  EXPECT_EQ(DataTypeSize(DT_DOUBLE), 8);
  EXPECT_EQ(DataTypeSize(DT_INT32), 4);
  EXPECT_EQ(DataTypeSize(DT_INT64), 8);
  EXPECT_EQ(DataTypeSize(DT_UINT8), 1);
  EXPECT_EQ(DataTypeSize(DT_BOOL), 1);
  EXPECT_EQ(DataTypeSize(DT_STRING), 0);
  EXPECT_EQ(DataTypeSize(DT_RESOURCE), 0);
  EXPECT_EQ(DataTypeSize(DT_HALF), 0);
}

TEST(TypesTest, DataTypeToEnum) {
  static_assert(DataTypeToEnum<float>() == DT_FLOAT);
  static_assert(DataTypeToEnum<double>() == DT_DOUBLE);
  static_assert(DataTypeToEnum<int32_t>() == DT_INT32);
  static_assert(DataTypeToEnum<int64_t>() == DT_INT64);
  static_assert(DataTypeToEnum<uint8_t>() == DT_UINT8);
  static_assert(DataTypeToEnum<bool>() == DT_BOOL);
  static_assert(DataTypeToEnum<std::string>() == DT_STRING);
  static_assert(DataTypeToEnum<ResourceHandle>() == DT_RESOURCE);
  // Runtime use too, so a wrong mapping fails the test rather than only the build.
  EXPECT_EQ(DataTypeSize(DataTypeToEnum<double>()), static_cast<int64_t>(sizeof(double)));
}

}  // namespace
}  // namespace rill
