// The physical layout of LevelDB-format tables as TensorFlow writes them (checkpoint .index files): block
// handles, block trailers (type byte + masked CRC32C) and the 48-byte footer with the table magic.
#ifndef RILL_IO_TABLE_FORMAT_H_
#define RILL_IO_TABLE_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/random_access_file.h"

namespace rill::io {

inline constexpr uint64_t kTableMagicNumber = 0xdb4775248b80fb57ull;
// Type byte + masked CRC32C after every block.
inline constexpr int kBlockTrailerSize = 5;
// Two varint64s.
inline constexpr int kMaxBlockHandleLength = 20;
// Two padded handles + 8 magic bytes.
inline constexpr int kTableFooterSize = 2 * kMaxBlockHandleLength + 8;
// Block type bytes. TensorFlow writes checkpoint indexes uncompressed.
inline constexpr char kNoCompression = 0x0;
inline constexpr char kSnappyCompression = 0x1;

// Where a block lives: offset and size of its contents (the trailer follows).
struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;
  // Appends the varint encoding.
  void EncodeTo(std::string* dst) const;
  bool operator==(const BlockHandle& o) const { return offset == o.offset && size == o.size; }
};

// Parses a handle from the front of *input, advancing it; false if malformed.
bool DecodeBlockHandle(absl::string_view* input, BlockHandle* handle);

// The table's last 48 bytes.
struct Footer {
  BlockHandle metaindex;
  BlockHandle index;
};

// Encodes `footer`: both handles, zero padding to 40 bytes, magic (low word first).
std::string EncodeFooter(const Footer& footer);
// Decodes a 48-byte footer. DataLoss for a bad magic number, malformed handles or non-zero padding
// (TensorFlow and LevelDB pad with zeros, so anything else is damage).
absl::StatusOr<Footer> DecodeFooter(absl::string_view bytes);

// The 5-byte trailer for uncompressed `contents`: type 0 and the masked CRC32C of contents + type.
std::string BlockTrailer(absl::string_view contents);

// Reads the block at `handle` with its trailer, checks that it lies inside the file, that its CRC matches
// and that it is uncompressed, and stores its contents in *contents. Errors name the file and the block's
// offset.
absl::Status ReadBlock(const RandomAccessFile& file, const BlockHandle& handle, std::string* contents);

}  // namespace rill::io

#endif  // RILL_IO_TABLE_FORMAT_H_
