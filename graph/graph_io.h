// Loading and saving GraphDef files (binary and protobuf text format) and deterministic serialization.
#ifndef RILL_GRAPH_GRAPH_IO_H_
#define RILL_GRAPH_GRAPH_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "graph/graph.pb.h"

namespace rill {

// Caps applied when reading files.
struct GraphIoLimits {
  // Files larger than this are rejected before being read (checked against the file size).
  int64_t max_file_bytes = int64_t{1} << 30;
};

// Parses a binary (wire format) GraphDef. InvalidArgument if the bytes are not a valid GraphDef.
absl::StatusOr<GraphDef> ParseGraphDefBinary(absl::string_view bytes);

// Parses a protobuf text format GraphDef (`#` comments, CRLF line ends accepted). Errors give
// 1-based "line:column".
absl::StatusOr<GraphDef> ParseGraphDefText(absl::string_view text);

// Parses text format into any message; errors as for ParseGraphDefText, prefixed with the type name.
absl::Status ParseTextProto(absl::string_view text, google::protobuf::Message* message);

// Reads a GraphDef file: ".pbtxt"/".txt"/".pbtext" are text, ".pb" is binary, anything else is
// sniffed (text if it looks like text, else binary). Errors name the file.
absl::StatusOr<GraphDef> ReadGraphDefFile(const std::string& path, const GraphIoLimits& limits = {});

// Reads a whole file. NotFound/PermissionDenied/etc. naming the file; ResourceExhausted (before
// reading) if it is larger than `max_bytes`.
absl::StatusOr<std::string> ReadFileToString(const std::string& path, int64_t max_bytes);

// Wire-format bytes with deterministic serialization (map entries sorted by key); for fingerprints
// and goldens. Equal messages give equal bytes within one build of rill. Messages over protobuf's
// 2 GiB limit cannot be serialized (ParseGraphDef* cannot produce them; only code building one can).
std::string SerializeDeterministic(const google::protobuf::Message& message);

// Canonical, deterministic text format of any message (map entries sorted by key).
std::string MessageToCanonicalText(const google::protobuf::Message& message);

// Canonical, deterministic text format of a GraphDef.
std::string GraphDefToText(const GraphDef& graph);

// Writes `graph` to `path` as text (canonical) or deterministic binary, via a temporary file renamed
// into place. Errors name the file.
absl::Status WriteGraphDefFile(const GraphDef& graph, const std::string& path, bool text);

}  // namespace rill

#endif  // RILL_GRAPH_GRAPH_IO_H_
