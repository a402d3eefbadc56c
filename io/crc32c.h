// CRC32C (Castagnoli), as used by TFRecord, LevelDB tables and TensorFlow checkpoints, plus TF's masking.
// Uses the SSE4.2 crc32 instruction when the CPU has it (runtime dispatch), a table otherwise.
#ifndef RILL_IO_CRC32C_H_
#define RILL_IO_CRC32C_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace rill::crc32c {

// Returns the CRC32C of A+data where `crc` is the CRC32C of some byte string A. Extend(0, x) == Value(x),
// so a long input can be checksummed in pieces.
uint32_t Extend(uint32_t crc, const char* data, size_t n);
inline uint32_t Extend(uint32_t crc, absl::string_view data) {
  return Extend(crc, data.data(), data.size());
}

// Returns the CRC32C of `data`.
inline uint32_t Value(absl::string_view data) { return Extend(0, data); }
inline uint32_t Value(const char* data, size_t n) { return Extend(0, data, n); }

// TFRecord/LevelDB store CRCs masked: a CRC of a string that itself contains CRCs is poor, so the stored
// value is rotated and offset.
inline constexpr uint32_t kMaskDelta = 0xa282ead8u;

// Returns the masked form of `crc`.
inline constexpr uint32_t Mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kMaskDelta; }

// Inverse of Mask().
inline constexpr uint32_t Unmask(uint32_t masked) {
  const uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

// True if Extend() uses the SSE4.2 instruction on this CPU.
bool HardwareAccelerated();

namespace internal {
// The table-driven implementation (slicing by 8); always available.
uint32_t ExtendPortable(uint32_t crc, const char* data, size_t n);
// The SSE4.2 implementation. Only call it when HardwareAccelerated() is true.
uint32_t ExtendHardware(uint32_t crc, const char* data, size_t n);
}  // namespace internal

}  // namespace rill::crc32c

#endif  // RILL_IO_CRC32C_H_
