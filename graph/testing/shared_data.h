// Test helper: locates the ../shared folder (real TensorFlow conformance files) next to the repo.
#ifndef RILL_GRAPH_TESTING_SHARED_DATA_H_
#define RILL_GRAPH_TESTING_SHARED_DATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rill::testing {

// The shared folder: $RILL_SHARED_DIR if set (must exist), else `<repo root>/../shared`, where the
// repo root is found by walking up from the real (symlink-resolved) path of this target's runfile,
// of the current directory and of the test binary, to a directory holding WORKSPACE whose
// ../shared/conformance exists. NotFound with a message saying what was tried otherwise.
absl::StatusOr<std::string> SharedDir();

// Directory ../shared/conformance, or NotFound with a clear message (tests GTEST_SKIP on it).
absl::StatusOr<std::string> ConformanceDir();

// Sorted full paths of the regular files in ConformanceDir()/<subdir> whose names end in `suffix`.
// NotFound as for ConformanceDir, or if the subdirectory is missing.
absl::StatusOr<std::vector<std::string>> ConformanceFiles(absl::string_view subdir,
                                                          absl::string_view suffix);

}  // namespace rill::testing

#endif  // RILL_GRAPH_TESTING_SHARED_DATA_H_
