// Buffered POSIX writes with fault injection; see writable_file.h.
#include "io/writable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::io {
namespace {

absl::Status WriteError(int err, absl::string_view what, absl::string_view path) {
  const std::string msg = absl::StrCat(what, " '", path, "': ", std::strerror(err));
  if (err == ENOSPC || err == EDQUOT) return absl::ResourceExhaustedError(msg);
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(msg);
  if (err == EEXIST) return absl::AlreadyExistsError(msg);
  if (err == EACCES || err == EPERM || err == EROFS) return absl::PermissionDeniedError(msg);
  return absl::UnknownError(msg);
}

}  // namespace

absl::StatusOr<std::unique_ptr<WritableFile>> WritableFile::Create(const std::string& path,
                                                                   WriteFaultInjector* fault,
                                                                   Mode mode) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
  flags |= (mode == Mode::kExclusive) ? O_EXCL : O_TRUNC;
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return WriteError(errno, "cannot create", path);
  return std::unique_ptr<WritableFile>(new WritableFile(path, fd, fault));
}

WritableFile::WritableFile(std::string path, int fd, WriteFaultInjector* fault)
    : path_(std::move(path)), fd_(fd), fault_(fault) {
  buffer_.reserve(kBufferSize);
}

WritableFile::~WritableFile() { Close().IgnoreError(); }

absl::Status WritableFile::Append(absl::string_view data) {
  RETURN_IF_ERROR(status_);
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat("file '", path_, "' is closed"));
  size_ += data.size();
  if (buffer_.size() + data.size() <= kBufferSize) {
    buffer_.append(data.data(), data.size());
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(Flush());
  if (data.size() >= kBufferSize) return WriteToFd(data.data(), data.size());
  buffer_.append(data.data(), data.size());
  return absl::OkStatus();
}

absl::Status WritableFile::Flush() {
  RETURN_IF_ERROR(status_);
  if (buffer_.empty()) return absl::OkStatus();
  absl::Status s = WriteToFd(buffer_.data(), buffer_.size());
  buffer_.clear();
  return s;
}

absl::Status WritableFile::Sync() {
  RETURN_IF_ERROR(Flush());
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat("file '", path_, "' is closed"));
  if (fault_ != nullptr && !fault_->AllowOperation(FileOperation::kSync, path_)) {
    status_ = fault_->Fire(absl::StrCat("fsync of '", path_, "'"));
    return status_;
  }
  if (::fsync(fd_) != 0) status_ = WriteError(errno, "cannot fsync", path_);
  return status_;
}

absl::Status WritableFile::Close() {
  if (fd_ < 0) return status_;
  absl::Status s = Flush();
  if (::close(fd_) != 0 && s.ok()) s = WriteError(errno, "cannot close", path_);
  fd_ = -1;
  if (status_.ok()) status_ = s;
  return s;
}

// Writes through the fault injector: a budget may allow only a prefix, after which the fault fires.
absl::Status WritableFile::WriteToFd(const char* data, size_t n) {
  if (fault_ != nullptr) {
    const int64_t allowed = fault_->AllowBytes(path_, static_cast<int64_t>(n));
    if (allowed < static_cast<int64_t>(n)) {
      absl::Status s = WriteAll(data, static_cast<size_t>(allowed));
      if (s.ok()) s = fault_->Fire(absl::StrCat("write to '", path_, "' cut at byte ", allowed));
      status_ = s;
      return status_;
    }
  }
  status_ = WriteAll(data, n);
  return status_;
}

absl::Status WritableFile::WriteAll(const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return WriteError(errno, "cannot write", path_);
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

}  // namespace rill::io
