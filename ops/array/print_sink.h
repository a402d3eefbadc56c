// Where the debug-printing op PrintV2 writes: a process-wide, replaceable sink, so tests and
// embedding programs can capture or redirect what a graph prints.
#ifndef RILL_OPS_ARRAY_PRINT_SINK_H_
#define RILL_OPS_ARRAY_PRINT_SINK_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace rill {

// Receives one printed message: the op's `output_stream` attr ("stderr", "stdout", "log(info)",
// "log(warning)", "log(error)" or "file://<path>") and the text, `end` included.
using PrintSink = std::function<absl::Status(absl::string_view stream, absl::string_view text)>;

// Replaces the process-wide sink and returns the previous one; a null sink restores the default
// (stdout for "stdout", appending to the file for "file://<path>", stderr otherwise).
// Thread-safe; a message is never split between two sinks.
PrintSink SetPrintSink(PrintSink sink);

// Writes `text` through the current sink. The default sink returns InvalidArgument when a
// "file://" path cannot be opened or written.
absl::Status WritePrinted(absl::string_view stream, absl::string_view text);

// Captures everything printed while it lives (restoring the previous sink after): for tests.
class ScopedPrintCapture {
 public:
  ScopedPrintCapture();
  ~ScopedPrintCapture();
  ScopedPrintCapture(const ScopedPrintCapture&) = delete;
  ScopedPrintCapture& operator=(const ScopedPrintCapture&) = delete;

  // Everything captured so far, in order.
  std::string text() const;
  // The output_stream of the last message ("" if none).
  std::string last_stream() const;

 private:
  mutable absl::Mutex mu_;
  std::string text_ ABSL_GUARDED_BY(mu_);
  std::string last_stream_ ABSL_GUARDED_BY(mu_);
  PrintSink previous_;
};

}  // namespace rill

#endif  // RILL_OPS_ARRAY_PRINT_SINK_H_
