// POSIX file-system helpers with absl::Status errors that name the path: directories, renames, deletes,
// fsync of directories, listing, bounded whole-file reads and temporary names for atomic writes.
#ifndef RILL_IO_FILE_SYSTEM_H_
#define RILL_IO_FILE_SYSTEM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/write_fault.h"

namespace rill::io {

// "a" + "b" -> "a/b"; an absolute `b` or an empty `a` returns `b`.
std::string JoinPath(absl::string_view a, absl::string_view b);
// The directory part of `path` ("a/b" -> "a", "b" -> ".", "/b" -> "/").
std::string Dirname(absl::string_view path);
// The last component of `path` ("a/b" -> "b").
std::string Basename(absl::string_view path);
// True if `path` starts with '/'.
bool IsAbsolutePath(absl::string_view path);

// True if something exists at `path`.
bool FileExists(const std::string& path);
// Size in bytes of the file at `path`; NotFound if it does not exist.
absl::StatusOr<int64_t> GetFileSize(const std::string& path);
// Creates `dir` and its missing parents; OK if it already exists as a directory.
absl::Status CreateDirRecursively(const std::string& dir);
// Names of the entries of `dir` (without "." and ".."), sorted.
absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir);
// Reads the whole file; fails (ResourceExhausted) rather than allocate more than `max_bytes`.
absl::StatusOr<std::string> ReadFileToString(const std::string& path, int64_t max_bytes);

// Renames `from` to `to` atomically (replacing `to`).
absl::Status RenameFile(const std::string& from, const std::string& to,
                        WriteFaultInjector* fault = nullptr);
// Deletes the file `path`. NotFound if it does not exist.
absl::Status DeleteFile(const std::string& path, WriteFaultInjector* fault = nullptr);
// fsyncs the directory so that renames and creations in it are durable.
absl::Status SyncDir(const std::string& dir, WriteFaultInjector* fault = nullptr);

// A fresh temporary name next to `final_path` ("<final_path>.tempstate<random>"), as TensorFlow uses for
// files that are renamed into place when complete.
std::string TempFilename(absl::string_view final_path);
// True if `name` looks like a name TempFilename() made.
bool IsTempFilename(absl::string_view name);

// Writes `contents` to `path` atomically: a temporary file, fsync, rename over `path`, fsync of the
// directory. Readers see the old or the new contents, never a mix, even after a crash.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents,
                                 WriteFaultInjector* fault = nullptr);

}  // namespace rill::io

#endif  // RILL_IO_FILE_SYSTEM_H_
