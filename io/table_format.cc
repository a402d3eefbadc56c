// Block handles, footers and block trailers of LevelDB-format tables; see table_format.h.
#include "io/table_format.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/coding.h"
#include "io/crc32c.h"

namespace rill::io {

void BlockHandle::EncodeTo(std::string* dst) const {
  PutVarint64(dst, offset);
  PutVarint64(dst, size);
}

bool DecodeBlockHandle(absl::string_view* input, BlockHandle* handle) {
  absl::string_view in = *input;
  if (!GetVarint64(&in, &handle->offset) || !GetVarint64(&in, &handle->size)) return false;
  *input = in;
  return true;
}

std::string EncodeFooter(const Footer& footer) {
  std::string out;
  footer.metaindex.EncodeTo(&out);
  footer.index.EncodeTo(&out);
  out.resize(2 * kMaxBlockHandleLength, '\0');
  PutFixed32(&out, static_cast<uint32_t>(kTableMagicNumber & 0xffffffffu));
  PutFixed32(&out, static_cast<uint32_t>(kTableMagicNumber >> 32));
  return out;
}

absl::StatusOr<Footer> DecodeFooter(absl::string_view bytes) {
  if (bytes.size() != kTableFooterSize) {
    return absl::DataLossError(absl::StrCat("footer must be ", kTableFooterSize, " bytes, got ", bytes.size()));
  }
  const uint64_t magic = (static_cast<uint64_t>(DecodeFixed32(bytes.data() + 44)) << 32) |
                         DecodeFixed32(bytes.data() + 40);
  if (magic != kTableMagicNumber) {
    return absl::DataLossError("not a table: bad magic number in the footer");
  }
  absl::string_view handles = bytes.substr(0, 2 * kMaxBlockHandleLength);
  Footer footer;
  if (!DecodeBlockHandle(&handles, &footer.metaindex) || !DecodeBlockHandle(&handles, &footer.index)) {
    return absl::DataLossError("bad block handle in the footer");
  }
  for (char c : handles) {
    if (c != '\0') return absl::DataLossError("non-zero padding in the footer");
  }
  return footer;
}

std::string BlockTrailer(absl::string_view contents) {
  char trailer[kBlockTrailerSize];
  trailer[0] = kNoCompression;
  uint32_t crc = crc32c::Value(contents);
  crc = crc32c::Extend(crc, trailer, 1);  // the CRC covers the type byte too
  EncodeFixed32(trailer + 1, crc32c::Mask(crc));
  return std::string(trailer, kBlockTrailerSize);
}

absl::Status ReadBlock(const RandomAccessFile& file, const BlockHandle& handle, std::string* contents) {
  const auto where = [&] {
    return absl::StrCat("'", file.path(), "': block at offset ", handle.offset, " (", handle.size,
                        " bytes)");
  };
  // Both values come from the file: check them against its size before reading anything.
  const uint64_t file_size = static_cast<uint64_t>(file.size());
  if (handle.offset > file_size || handle.size > file_size ||
      handle.offset + handle.size + kBlockTrailerSize > file_size) {
    return absl::DataLossError(absl::StrCat(where(), " lies outside the file of ", file_size, " bytes"));
  }
  std::string raw;
  RETURN_IF_ERROR(file.Read(static_cast<int64_t>(handle.offset),
                            static_cast<int64_t>(handle.size) + kBlockTrailerSize, &raw));
  const uint32_t stored = crc32c::Unmask(DecodeFixed32(raw.data() + handle.size + 1));
  const uint32_t actual = crc32c::Value(raw.data(), handle.size + 1);
  if (stored != actual) return absl::DataLossError(absl::StrCat(where(), ": block checksum mismatch"));
  const char type = raw[handle.size];
  if (type == kSnappyCompression) {
    return absl::UnimplementedError(absl::StrCat(where(), ": snappy-compressed blocks are not supported"));
  }
  if (type != kNoCompression) {
    return absl::DataLossError(absl::StrCat(where(), ": bad block type ", static_cast<int>(type)));
  }
  raw.resize(handle.size);
  *contents = std::move(raw);
  return absl::OkStatus();
}

}  // namespace rill::io
