// Tests DispatchDtype: the body runs with the C++ type of the dtype; others are Unimplemented.
#include "ops/dtype_dispatch.h"

#include <string>
#include <typeinfo>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

KernelContext MakeContext(const AttrMap& attrs) {
  return KernelContext("node", "Op", AttrSlice(attrs, nullptr), {}, {});
}

TEST(DtypeDispatchTest, RunsTheBodyForTheMatchingType) {
  AttrMap attrs;
  KernelContext c = MakeContext(attrs);
  std::string seen;
  auto body = [&]<typename T>() {
    seen = typeid(T).name();
    return absl::OkStatus();
  };
  EXPECT_OK(DispatchDtype<RealTypes>(c, DT_DOUBLE, body));
  EXPECT_EQ(seen, typeid(double).name());
  EXPECT_OK(DispatchDtype<RealTypes>(c, DT_UINT8, body));
  EXPECT_EQ(seen, typeid(uint8_t).name());
  // Ref types dispatch on their base type.
  EXPECT_OK(DispatchDtype<FloatTypes>(c, DT_FLOAT_REF, body));
  EXPECT_EQ(seen, typeid(float).name());
  EXPECT_OK(DispatchDtype<AllTypes>(c, DT_STRING, body));
  EXPECT_EQ(seen, typeid(std::string).name());
}

TEST(DtypeDispatchTest, OtherTypesAreUnimplementedNamingTheNode) {
  AttrMap attrs;
  KernelContext c = MakeContext(attrs);
  auto body = []<typename T>() { return absl::OkStatus(); };
  EXPECT_THAT(DispatchDtype<FloatTypes>(c, DT_INT32, body),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node 'node' (Op): no reference kernel for dtype int32")));
  EXPECT_THAT(DispatchDtype<IndexTypes>(c, DT_BOOL, body),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("bool")));
}

TEST(DtypeDispatchTest, BodyErrorsPassThrough) {
  AttrMap attrs;
  KernelContext c = MakeContext(attrs);
  EXPECT_THAT(
      DispatchDtype<RealTypes>(c, DT_INT64, [&]<typename T>() { return c.InvalidArgument("bad"); }),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'node' (Op): bad")));
}

}  // namespace
}  // namespace rill
