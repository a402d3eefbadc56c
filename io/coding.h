// Little-endian fixed-width integers and LEB128 varints, as LevelDB tables, TFRecords and checkpoints store
// them. Decoders never read past their input and reject overlong or truncated varints.
#ifndef RILL_IO_CODING_H_
#define RILL_IO_CODING_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace rill::io {

// Most bytes a varint of each width may take.
inline constexpr int kMaxVarint32Bytes = 5;
inline constexpr int kMaxVarint64Bytes = 10;

// Writes `value` little-endian into dst[0..3] / dst[0..7].
void EncodeFixed32(char* dst, uint32_t value);
void EncodeFixed64(char* dst, uint64_t value);

// Reads a little-endian value from ptr[0..3] / ptr[0..7]; the caller guarantees the bytes exist.
uint32_t DecodeFixed32(const char* ptr);
uint64_t DecodeFixed64(const char* ptr);

// Appends a fixed-width little-endian value.
void PutFixed32(std::string* dst, uint32_t value);
void PutFixed64(std::string* dst, uint64_t value);

// Appends a varint.
void PutVarint32(std::string* dst, uint32_t value);
void PutVarint64(std::string* dst, uint64_t value);

// Bytes PutVarint64 would append for `value`.
int VarintLength(uint64_t value);

// Parses a varint from the front of *input and advances it. Returns false (leaving *input unchanged) if the
// input ends inside the varint or the varint is longer than the type allows.
bool GetVarint32(absl::string_view* input, uint32_t* value);
bool GetVarint64(absl::string_view* input, uint64_t* value);

// Parses a fixed-width value from the front of *input and advances it; false if too few bytes remain.
bool GetFixed32(absl::string_view* input, uint32_t* value);
bool GetFixed64(absl::string_view* input, uint64_t* value);

}  // namespace rill::io

#endif  // RILL_IO_CODING_H_
