// Fault injection for the file-writing layer: tests cut writes short or stop renames/fsyncs at chosen
// points (optionally killing the process there) to prove that saves are crash-safe.
#ifndef RILL_IO_WRITE_FAULT_H_
#define RILL_IO_WRITE_FAULT_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace rill::io {

// Metadata operations the writing layer announces before doing them.
enum class FileOperation { kSync, kSyncDir, kRename, kDelete };

// Name of an operation, for logs and messages ("rename").
const char* FileOperationName(FileOperation op);

// Consulted by WritableFile and the file_system helpers before bytes reach the OS and before metadata
// operations. Production code passes nullptr (no injection).
class WriteFaultInjector {
 public:
  virtual ~WriteFaultInjector() = default;
  // How many of the `n` bytes about to be written to `path` may be written (0..n). If fewer, the writer
  // writes that prefix and then calls Fire().
  virtual int64_t AllowBytes(const std::string& path, int64_t n) = 0;
  // Whether `op` on `path` may happen; if not, the caller calls Fire() instead of doing it.
  virtual bool AllowOperation(FileOperation op, const std::string& path) = 0;
  // Called when a fault triggers. A crash test ends the process here; otherwise the returned error is
  // what the write or operation fails with.
  virtual absl::Status Fire(const std::string& what) = 0;
};

// A budget of bytes and of metadata operations, shared by every file written with it. When a write would
// exceed the byte budget, exactly the remaining budget is written and the fault fires; the operation after
// the first `operation_budget` ones fires too. Records a log of what was written, for planning tests.
class FaultBudget : public WriteFaultInjector {
 public:
  static constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

  // One write or operation, as seen by the budget.
  struct LogEntry {
    std::string path;
    int64_t bytes = 0;           // bytes written (0 for operations)
    bool is_operation = false;
    FileOperation operation = FileOperation::kSync;
  };

  // `on_fire` runs when the fault triggers (e.g. raise(SIGKILL)); if it returns, writes fail with
  // Unavailable.
  FaultBudget(int64_t byte_budget, int64_t operation_budget, std::function<void()> on_fire = nullptr);

  int64_t AllowBytes(const std::string& path, int64_t n) override;
  bool AllowOperation(FileOperation op, const std::string& path) override;
  absl::Status Fire(const std::string& what) override;

  // Bytes written so far under this budget.
  int64_t bytes_written() const;
  // Operations allowed so far.
  int64_t operations() const;
  // Whether the fault has fired.
  bool fired() const;
  // Every write and operation that was allowed, in order.
  std::vector<LogEntry> log() const;

 private:
  mutable absl::Mutex mu_;
  const int64_t byte_budget_;
  const int64_t operation_budget_;
  const std::function<void()> on_fire_;
  int64_t bytes_written_ = 0;
  int64_t operations_ = 0;
  bool fired_ = false;
  std::vector<LogEntry> log_;
};

}  // namespace rill::io

#endif  // RILL_IO_WRITE_FAULT_H_
