// Read-only file access by offset for the readers of rill's file formats. Every read is checked against the
// file's size first, so a length field read from a damaged file cannot cause a huge allocation.
#ifndef RILL_IO_RANDOM_ACCESS_FILE_H_
#define RILL_IO_RANDOM_ACCESS_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rill::io {

class RandomAccessFile {
 public:
  // Opens `path` for reading; NotFound if it does not exist.
  static absl::StatusOr<std::unique_ptr<RandomAccessFile>> Open(const std::string& path);

  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;
  ~RandomAccessFile();

  // The file's size when it was opened (or last refreshed).
  int64_t size() const { return size_; }
  // Re-reads the size (for files another process is still appending to).
  absl::StatusOr<int64_t> RefreshSize();
  const std::string& path() const { return path_; }

  // Reads exactly `n` bytes at `offset` into *out (replacing its contents). DataLoss naming the file and
  // offset if the file ends first; InvalidArgument for negative arguments. Never allocates more than the
  // bytes that exist.
  absl::Status Read(int64_t offset, int64_t n, std::string* out) const;
  // As Read(), into caller memory of at least `n` bytes.
  absl::Status ReadInto(int64_t offset, int64_t n, char* dst) const;

 private:
  RandomAccessFile(std::string path, int fd, int64_t size);
  absl::Status CheckRange(int64_t offset, int64_t n) const;

  const std::string path_;
  const int fd_;
  int64_t size_;
};

}  // namespace rill::io

#endif  // RILL_IO_RANDOM_ACCESS_FILE_H_
