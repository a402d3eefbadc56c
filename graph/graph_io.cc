// GraphDef file I/O: binary and text parsing with located errors, deterministic serialization.
#include "graph/graph_io.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "base/status_macros.h"

namespace rill {
namespace {

// Collects the first text-format parse error with a 1-based line:column.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!has_error_) {
      has_error_ = true;
      error_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
    }
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}

  bool has_error() const { return has_error_; }
  const std::string& error() const { return error_; }

 private:
  bool has_error_ = false;
  std::string error_;
};

absl::Status ErrnoStatus(int err, absl::string_view what, const std::string& path) {
  const std::string message = absl::StrCat(what, " '", path, "': ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR: return absl::NotFoundError(message);
    case EACCES:
    case EPERM: return absl::PermissionDeniedError(message);
    default: return absl::UnavailableError(message);
  }
}

// Heuristic for files without a known extension: text format is printable ASCII/UTF-8 plus
// whitespace; the binary encoding of a GraphDef nearly always holds control bytes.
bool LooksLikeText(absl::string_view data) {
  const size_t n = std::min<size_t>(data.size(), 4096);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(data[i]);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<GraphDef> ParseGraphDefBinary(absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::InvalidArgumentError(
        absl::StrCat("binary GraphDef of ", bytes.size(), " bytes exceeds protobuf's 2 GiB limit"));
  }
  GraphDef graph;
  if (!graph.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a valid binary GraphDef (", bytes.size(), " bytes): malformed wire format"));
  }
  return graph;
}

absl::Status ParseTextProto(absl::string_view text, google::protobuf::Message* message) {
  if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text ", message->GetTypeName(), " of ", text.size(), " bytes exceeds 2 GiB"));
  }
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, message) || errors.has_error()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text ", message->GetTypeName(), " parse error at ",
        errors.has_error() ? errors.error() : std::string("?: unknown error")));
  }
  return absl::OkStatus();
}

absl::StatusOr<GraphDef> ParseGraphDefText(absl::string_view text) {
  GraphDef graph;
  RETURN_IF_ERROR(ParseTextProto(text, &graph));
  return graph;
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path, int64_t max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "cannot stat", path);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is a directory, not a file"));
  }
  if (static_cast<int64_t>(st.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("file '", path, "' has ", st.st_size,
                                                     " bytes, more than the limit of ", max_bytes));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoStatus(errno, "cannot open", path);
  std::string data;
  // Read in chunks up to the limit: the file may change size between stat and read.
  char chunk[1 << 16];
  while (true) {
    const size_t got = std::fread(chunk, 1, sizeof(chunk), f);
    data.append(chunk, got);
    if (static_cast<int64_t>(data.size()) > max_bytes) {
      std::fclose(f);
      return absl::ResourceExhaustedError(
          absl::StrCat("file '", path, "' grew past the limit of ", max_bytes, " bytes"));
    }
    if (got < sizeof(chunk)) break;
  }
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return ErrnoStatus(err, "error reading", path);
  return data;
}

absl::StatusOr<GraphDef> ReadGraphDefFile(const std::string& path, const GraphIoLimits& limits) {
  ASSIGN_OR_RETURN(std::string data, ReadFileToString(path, limits.max_file_bytes));
  bool text;
  if (absl::EndsWith(path, ".pbtxt") || absl::EndsWith(path, ".txt") ||
      absl::EndsWith(path, ".pbtext")) {
    text = true;
  } else if (absl::EndsWith(path, ".pb")) {
    text = false;
  } else {
    text = LooksLikeText(data);
  }
  absl::StatusOr<GraphDef> graph = text ? ParseGraphDefText(data) : ParseGraphDefBinary(data);
  if (!graph.ok()) {
    return absl::Status(graph.status().code(),
                        absl::StrCat("reading '", path, "': ", graph.status().message()));
  }
  return graph;
}

std::string SerializeDeterministic(const google::protobuf::Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }  // The CodedOutputStream flushes into `out` when destroyed.
  return out;
}

std::string MessageToCanonicalText(const google::protobuf::Message& message) {
  google::protobuf::TextFormat::Printer printer;
  // The printer sorts map entries by key, so equal messages print equal text.
  std::string out;
  printer.PrintToString(message, &out);
  return out;
}

std::string GraphDefToText(const GraphDef& graph) { return MessageToCanonicalText(graph); }

absl::Status WriteGraphDefFile(const GraphDef& graph, const std::string& path, bool text) {
  const std::string data = text ? GraphDefToText(graph) : SerializeDeterministic(graph);
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return ErrnoStatus(errno, "cannot create", tmp);
  const bool wrote = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  const int write_err = errno;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed) {
    const int err = !wrote ? write_err : errno;
    std::remove(tmp.c_str());
    return ErrnoStatus(err, "error writing", tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    return ErrnoStatus(err, "cannot rename into place", path);
  }
  return absl::OkStatus();
}

}  // namespace rill
