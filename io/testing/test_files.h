// Test helper: writes a file quickly (no fsync, no rename), for tests that rewrite files thousands of times.
#ifndef RILL_IO_TESTING_TEST_FILES_H_
#define RILL_IO_TESTING_TEST_FILES_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "io/writable_file.h"

namespace rill::io::testing {

// Replaces the contents of `path` with `bytes`. Not crash-safe: tests only.
inline absl::Status WriteTestFile(const std::string& path, absl::string_view bytes) {
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, WritableFile::Create(path));
  RETURN_IF_ERROR(file->Append(bytes));
  return file->Close();
}

}  // namespace rill::io::testing

#endif  // RILL_IO_TESTING_TEST_FILES_H_
