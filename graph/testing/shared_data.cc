// Locates ../shared (TensorFlow conformance files) from inside a bazel test's runfiles tree.
//
// Why this works: `bazel test` runs in the runfiles tree, not the source tree, and does not set
// BUILD_WORKSPACE_DIRECTORY. But the runfile of a source file (this target lists its own header as
// data) is a symlink chain ending in the real source tree, so its realpath leads to the repo root.
#include "graph/testing/shared_data.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace rill::testing {
namespace {

constexpr char kMarkerRunfile[] = "graph/testing/shared_data.h";

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// realpath(3), or "" if the path does not resolve.
std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return "";
  return buf;
}

std::string Parent(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

// Walks up from `start` to a directory holding WORKSPACE whose ../shared/conformance exists.
std::string FindFrom(const std::string& start) {
  for (std::string dir = start; !dir.empty(); dir = Parent(dir)) {
    if (IsFile(dir + "/WORKSPACE") && IsDir(dir + "/../shared/conformance")) {
      return RealPath(dir + "/../shared");
    }
    if (dir == "/") break;
  }
  return "";
}

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

}  // namespace

absl::StatusOr<std::string> SharedDir() {
  const std::string env = Getenv("RILL_SHARED_DIR");
  if (!env.empty()) {
    if (!IsDir(env + "/conformance")) {
      return absl::NotFoundError(absl::StrCat("RILL_SHARED_DIR='", env,
                                              "' has no conformance/ subdirectory"));
    }
    return env;
  }
  std::vector<std::string> tried;
  std::vector<std::string> starts;
  // 1. The runfile of our marker: under $TEST_SRCDIR/<workspace>/ or the current directory.
  const std::string workspace = Getenv("TEST_WORKSPACE").empty() ? "rill" : Getenv("TEST_WORKSPACE");
  for (const std::string& root : {Getenv("TEST_SRCDIR"), Getenv("RUNFILES_DIR")}) {
    if (!root.empty()) starts.push_back(absl::StrCat(root, "/", workspace, "/", kMarkerRunfile));
  }
  starts.push_back(kMarkerRunfile);
  // The runfiles tree next to the binary, for a test binary started by hand.
  const std::string exe = RealPath("/proc/self/exe");
  if (!exe.empty()) {
    starts.push_back(absl::StrCat(exe, ".runfiles/", workspace, "/", kMarkerRunfile));
  }
  // 2. The current directory and 3. the test binary (useful when run by hand from the repo).
  starts.push_back(".");
  starts.push_back("/proc/self/exe");
  for (const std::string& start : starts) {
    const std::string real = RealPath(start);
    tried.push_back(absl::StrCat(start, real.empty() ? " (missing)" : absl::StrCat(" -> ", real)));
    if (real.empty()) continue;
    const std::string found = FindFrom(IsDir(real) ? real : Parent(real));
    if (!found.empty()) return found;
  }
  return absl::NotFoundError(absl::StrCat(
      "shared data folder not found: set RILL_SHARED_DIR, or keep ../shared/conformance next to "
      "the repo root (a directory with WORKSPACE); searched upward from ",
      absl::StrJoin(tried, ", ")));
}

absl::StatusOr<std::string> ConformanceDir() {
  absl::StatusOr<std::string> shared = SharedDir();
  if (!shared.ok()) return shared.status();
  return *shared + "/conformance";
}

absl::StatusOr<std::vector<std::string>> ConformanceFiles(absl::string_view subdir,
                                                          absl::string_view suffix) {
  absl::StatusOr<std::string> base = ConformanceDir();
  if (!base.ok()) return base.status();
  const std::string dir = absl::StrCat(*base, "/", subdir);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    return absl::NotFoundError(absl::StrCat("conformance subdirectory '", dir, "' not found"));
  }
  std::vector<std::string> files;
  while (const dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    const std::string path = absl::StrCat(dir, "/", name);
    if (absl::EndsWith(name, suffix) && IsFile(path)) files.push_back(path);
  }
  ::closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace rill::testing
