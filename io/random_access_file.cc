// pread-based reads with bounds checks; see random_access_file.h.
#include "io/random_access_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::io {
namespace {

absl::Status OpenError(int err, const std::string& path) {
  const std::string msg = absl::StrCat("cannot open '", path, "': ", std::strerror(err));
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(msg);
  if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(msg);
  return absl::UnknownError(msg);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RandomAccessFile>> RandomAccessFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OpenError(errno, path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return OpenError(err, path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat("'", path, "' is a directory, not a file"));
  }
  return std::unique_ptr<RandomAccessFile>(new RandomAccessFile(path, fd, st.st_size));
}

RandomAccessFile::RandomAccessFile(std::string path, int fd, int64_t size)
    : path_(std::move(path)), fd_(fd), size_(size) {}

RandomAccessFile::~RandomAccessFile() { ::close(fd_); }

absl::StatusOr<int64_t> RandomAccessFile::RefreshSize() {
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    return absl::UnknownError(absl::StrCat("cannot stat '", path_, "': ", std::strerror(errno)));
  }
  size_ = st.st_size;
  return size_;
}

absl::Status RandomAccessFile::CheckRange(int64_t offset, int64_t n) const {
  if (offset < 0 || n < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad read of ", n, " bytes at offset ", offset, " in '", path_, "'"));
  }
  if (offset > size_ || n > size_ - offset) {
    return absl::DataLossError(absl::StrCat("'", path_, "' is truncated: need ", n, " bytes at offset ",
                                            offset, " but the file has ", size_, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status RandomAccessFile::Read(int64_t offset, int64_t n, std::string* out) const {
  RETURN_IF_ERROR(CheckRange(offset, n));
  out->resize(static_cast<size_t>(n));
  return ReadInto(offset, n, out->data());
}

absl::Status RandomAccessFile::ReadInto(int64_t offset, int64_t n, char* dst) const {
  RETURN_IF_ERROR(CheckRange(offset, n));
  int64_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd_, dst + done, static_cast<size_t>(n - done), offset + done);
    if (r < 0) {
      if (errno == EINTR) continue;
      return absl::UnknownError(
          absl::StrCat("cannot read '", path_, "' at offset ", offset + done, ": ", std::strerror(errno)));
    }
    if (r == 0) {
      // The file shrank after it was opened.
      return absl::DataLossError(absl::StrCat("'", path_, "' is truncated: it ended at offset ",
                                              offset + done, " while reading ", n, " bytes at offset ",
                                              offset));
    }
    done += r;
  }
  return absl::OkStatus();
}

}  // namespace rill::io
