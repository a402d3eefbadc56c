// The process-wide print sink behind PrintV2, its default (stdout/stderr/file) and a capture.
#include "ops/array/print_sink.h"

#include <cstdio>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rill {
namespace {

absl::Mutex& SinkMutex() {
  static absl::Mutex* mu = new absl::Mutex();
  return *mu;
}

PrintSink& CurrentSink() {
  static PrintSink* sink = new PrintSink();
  return *sink;
}

absl::Status WriteToFile(std::FILE* file, absl::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file) != text.size()) {
    return absl::InvalidArgumentError("writing the printed text failed");
  }
  std::fflush(file);
  return absl::OkStatus();
}

absl::Status DefaultSink(absl::string_view stream, absl::string_view text) {
  if (stream == "stdout") return WriteToFile(stdout, text);
  if (absl::StartsWith(stream, "file://")) {
    const std::string path(stream.substr(7));
    std::FILE* file = std::fopen(path.c_str(), "a");
    if (file == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("cannot open '", path, "' for appending"));
    }
    absl::Status s = WriteToFile(file, text);
    std::fclose(file);
    return s;
  }
  return WriteToFile(stderr, text);
}

}  // namespace

PrintSink SetPrintSink(PrintSink sink) {
  absl::MutexLock lock(&SinkMutex());
  PrintSink previous = std::move(CurrentSink());
  CurrentSink() = std::move(sink);
  return previous;
}

absl::Status WritePrinted(absl::string_view stream, absl::string_view text) {
  absl::MutexLock lock(&SinkMutex());
  if (CurrentSink()) return CurrentSink()(stream, text);
  return DefaultSink(stream, text);
}

ScopedPrintCapture::ScopedPrintCapture() {
  previous_ = SetPrintSink([this](absl::string_view stream, absl::string_view text) {
    absl::MutexLock lock(&mu_);
    absl::StrAppend(&text_, text);
    last_stream_ = std::string(stream);
    return absl::OkStatus();
  });
}

ScopedPrintCapture::~ScopedPrintCapture() { SetPrintSink(std::move(previous_)); }

std::string ScopedPrintCapture::text() const {
  absl::MutexLock lock(&mu_);
  return text_;
}

std::string ScopedPrintCapture::last_stream() const {
  absl::MutexLock lock(&mu_);
  return last_stream_;
}

}  // namespace rill
