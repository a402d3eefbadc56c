// Tests for the ../shared locator: the env override, its error message, and the default search.
#include "graph/testing/shared_data.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::testing {
namespace {

using ::testing::HasSubstr;

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = getenv(name);
    had_old_ = old != nullptr;
    if (had_old_) old_ = old;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (had_old_) {
      setenv(name_, old_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  bool had_old_ = false;
  std::string old_;
};

TEST(SharedDataTest, EnvOverrideMustHoldConformance) {
  ScopedEnv env("RILL_SHARED_DIR", "/nonexistent/rill_shared");
  EXPECT_THAT(SharedDir(), StatusIs(absl::StatusCode::kNotFound,
                                    HasSubstr("RILL_SHARED_DIR='/nonexistent/rill_shared'")));
  EXPECT_THAT(ConformanceDir(), StatusCodeIs(absl::StatusCode::kNotFound));
}

TEST(SharedDataTest, EnvOverrideIsUsed) {
  const std::string tmp = std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") +
                          "/fake_shared";
  mkdir(tmp.c_str(), 0755);
  mkdir((tmp + "/conformance").c_str(), 0755);
  mkdir((tmp + "/conformance/tf-graphs").c_str(), 0755);
  ScopedEnv env("RILL_SHARED_DIR", tmp.c_str());
  ASSERT_OK_AND_ASSIGN(std::string dir, ConformanceDir());
  EXPECT_EQ(dir, tmp + "/conformance");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> files, ConformanceFiles("tf-graphs", ".pbtxt"));
  EXPECT_TRUE(files.empty());
  EXPECT_THAT(ConformanceFiles("no-such-subdir", ".pbtxt"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no-such-subdir")));
}

TEST(SharedDataTest, DefaultSearchFindsTheCheckoutsSharedFolder) {
  ScopedEnv env("RILL_SHARED_DIR", nullptr);
  absl::StatusOr<std::string> dir = ConformanceDir();
  if (!dir.ok()) {
    // Absent ../shared is legitimate; the message must say what was searched.
    EXPECT_THAT(dir.status().message(), HasSubstr("searched upward from"));
    GTEST_SKIP() << dir.status().message();
  }
  struct stat st;
  EXPECT_EQ(stat(dir->c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_THAT(*dir, ::testing::EndsWith("/shared/conformance"));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> graphs, ConformanceFiles("tf-graphs", ".pbtxt"));
  EXPECT_FALSE(graphs.empty());
  EXPECT_TRUE(std::is_sorted(graphs.begin(), graphs.end()));
}

}  // namespace
}  // namespace rill::testing
