// POSIX implementations of the file-system helpers; see file_system.h.
#include "io/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/writable_file.h"

namespace rill::io {
namespace {

absl::Status ErrnoError(int err, absl::string_view what, absl::string_view path) {
  const std::string msg = absl::StrCat(what, " '", path, "': ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EEXIST:
      return absl::AlreadyExistsError(msg);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(msg);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(msg);
    default:
      return absl::UnknownError(msg);
  }
}

// Asks the injector (if any) whether `op` may happen; the fault's status otherwise.
absl::Status CheckFault(WriteFaultInjector* fault, FileOperation op, const std::string& path) {
  if (fault == nullptr || fault->AllowOperation(op, path)) return absl::OkStatus();
  return fault->Fire(absl::StrCat(FileOperationName(op), " of '", path, "'"));
}

}  // namespace

std::string JoinPath(absl::string_view a, absl::string_view b) {
  if (a.empty() || IsAbsolutePath(b)) return std::string(b);
  if (b.empty()) return std::string(a);
  if (a.back() == '/') return absl::StrCat(a, b);
  return absl::StrCat(a, "/", b);
}

std::string Dirname(absl::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string Basename(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == absl::string_view::npos ? path : path.substr(slash + 1));
}

bool IsAbsolutePath(absl::string_view path) { return !path.empty() && path[0] == '/'; }

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

absl::StatusOr<int64_t> GetFileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoError(errno, "cannot stat", path);
  return static_cast<int64_t>(st.st_size);
}

absl::Status CreateDirRecursively(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("cannot create a directory with an empty name");
  // Walk down the path (no recursion), creating each missing component.
  for (size_t end = dir.find('/', 1);; end = dir.find('/', end + 1)) {
    const std::string part = dir.substr(0, end);
    struct stat st;
    if (::stat(part.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        return absl::FailedPreconditionError(absl::StrCat("'", part, "' exists and is not a directory"));
      }
    } else if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoError(errno, "cannot create directory", part);
    }
    if (end == std::string::npos) return absl::OkStatus();
  }
}

absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), &::closedir);
  if (d == nullptr) return ErrnoError(errno, "cannot list directory", dir);
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d.get())) {
    const absl::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path, int64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, "cannot open", path);
  std::string out;
  absl::Status status;
  char buf[16384];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      status = ErrnoError(errno, "cannot read", path);
      break;
    }
    if (n == 0) break;
    if (static_cast<int64_t>(out.size()) + n > max_bytes) {
      status = absl::ResourceExhaustedError(
          absl::StrCat("file '", path, "' is larger than the limit of ", max_bytes, " bytes"));
      break;
    }
    out.append(buf, n);
  }
  ::close(fd);
  if (!status.ok()) return status;
  return out;
}

absl::Status RenameFile(const std::string& from, const std::string& to, WriteFaultInjector* fault) {
  RETURN_IF_ERROR(CheckFault(fault, FileOperation::kRename, to));
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoError(errno, absl::StrCat("cannot rename '", from, "' to"), to);
  }
  return absl::OkStatus();
}

absl::Status DeleteFile(const std::string& path, WriteFaultInjector* fault) {
  RETURN_IF_ERROR(CheckFault(fault, FileOperation::kDelete, path));
  if (::unlink(path.c_str()) != 0) return ErrnoError(errno, "cannot delete", path);
  return absl::OkStatus();
}

absl::Status SyncDir(const std::string& dir, WriteFaultInjector* fault) {
  RETURN_IF_ERROR(CheckFault(fault, FileOperation::kSyncDir, dir));
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, "cannot open directory", dir);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError(err, "cannot fsync directory", dir);
  return absl::OkStatus();
}

std::string TempFilename(absl::string_view final_path) {
  // A per-process generator: names must differ between processes and calls, not be
  // unpredictable. A fork()ed child inherits the generator's state, so the process id is mixed
  // in: a child must not reuse the names a killed sibling left behind.
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen();
  uint64_t r;
  {
    absl::MutexLock lock(&mu);
    r = absl::Uniform<uint64_t>(*gen);
  }
  return absl::StrCat(final_path, ".tempstate", r ^ (static_cast<uint64_t>(::getpid()) << 40));
}

bool IsTempFilename(absl::string_view name) { return absl::StrContains(name, ".tempstate"); }

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents,
                                 WriteFaultInjector* fault) {
  const std::string tmp = TempFilename(path);
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, WritableFile::Create(tmp, fault));
    RETURN_IF_ERROR(file->Append(contents));
    RETURN_IF_ERROR(file->Sync());
    RETURN_IF_ERROR(file->Close());
    RETURN_IF_ERROR(RenameFile(tmp, path, fault));
    return SyncDir(Dirname(path), fault);
  }();
  if (!status.ok() && FileExists(tmp)) ::unlink(tmp.c_str());  // best effort; the error is what matters
  return status;
}

}  // namespace rill::io
