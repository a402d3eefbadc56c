#include "io/write_fault.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(FaultBudgetTest, AllowsBytesUpToTheBudgetThenFires) {
  FaultBudget budget(10, FaultBudget::kUnlimited);
  EXPECT_EQ(budget.AllowBytes("a", 4), 4);
  EXPECT_EQ(budget.AllowBytes("b", 10), 6);
  EXPECT_EQ(budget.AllowBytes("b", 3), 0);
  EXPECT_EQ(budget.bytes_written(), 10);
  EXPECT_FALSE(budget.fired());
  EXPECT_THAT(budget.Fire("write to 'b'"), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("'b'")));
  EXPECT_TRUE(budget.fired());
  ASSERT_EQ(budget.log().size(), 2u);
  EXPECT_EQ(budget.log()[1].path, "b");
  EXPECT_EQ(budget.log()[1].bytes, 6);
}

TEST(FaultBudgetTest, CountsOperations) {
  FaultBudget budget(FaultBudget::kUnlimited, 2);
  EXPECT_TRUE(budget.AllowOperation(FileOperation::kSync, "x"));
  EXPECT_TRUE(budget.AllowOperation(FileOperation::kRename, "y"));
  EXPECT_FALSE(budget.AllowOperation(FileOperation::kDelete, "z"));
  EXPECT_EQ(budget.operations(), 2);
  ASSERT_EQ(budget.log().size(), 2u);
  EXPECT_TRUE(budget.log()[1].is_operation);
  EXPECT_EQ(budget.log()[1].operation, FileOperation::kRename);
  EXPECT_STREQ(FileOperationName(FileOperation::kRename), "rename");
}

TEST(FaultBudgetTest, RunsTheFireCallback) {
  int calls = 0;
  FaultBudget budget(0, 0, [&calls] { ++calls; });
  EXPECT_FALSE(budget.Fire("x").ok());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace rill::io
