// A buffered, append-only POSIX file for writers of rill's file formats, with an optional fault injector
// that can cut writes short at any byte (crash tests).
#ifndef RILL_IO_WRITABLE_FILE_H_
#define RILL_IO_WRITABLE_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/write_fault.h"

namespace rill::io {

class WritableFile {
 public:
  // How an existing file at the path is treated.
  enum class Mode {
    kTruncate,   // replace its contents
    kExclusive,  // fail with AlreadyExists
  };

  // Opens `path` for writing. `fault` (may be null, not owned) must outlive the file.
  static absl::StatusOr<std::unique_ptr<WritableFile>> Create(const std::string& path,
                                                              WriteFaultInjector* fault = nullptr,
                                                              Mode mode = Mode::kTruncate);

  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;
  // Closes the file if Close() was not called; errors are lost then, so writers call Close().
  ~WritableFile();

  // Appends `data` (buffered). After any error every later call returns that error.
  absl::Status Append(absl::string_view data);
  // Hands buffered bytes to the OS (no fsync).
  absl::Status Flush();
  // Flush() and then fsync: the bytes are durable when this returns OK.
  absl::Status Sync();
  // Flush() and close. Idempotent.
  absl::Status Close();

  // Bytes appended so far (buffered ones included).
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  WritableFile(std::string path, int fd, WriteFaultInjector* fault);
  absl::Status WriteToFd(const char* data, size_t n);
  absl::Status WriteAll(const char* data, size_t n);

  static constexpr size_t kBufferSize = 64 * 1024;

  const std::string path_;
  int fd_;
  WriteFaultInjector* const fault_;
  std::string buffer_;
  int64_t size_ = 0;
  absl::Status status_;
};

}  // namespace rill::io

#endif  // RILL_IO_WRITABLE_FILE_H_
