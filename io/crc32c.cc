// CRC32C: a slicing-by-8 table implementation and an SSE4.2 one, picked once at run time.
#include "io/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace rill::crc32c {
namespace {

// Reflected Castagnoli polynomial.
constexpr uint32_t kPoly = 0x82f63b78u;

// tables[k][b]: CRC of byte b followed by k zero bytes; tables[0] is the classic byte table.
constexpr std::array<std::array<uint32_t, 256>, 8> MakeTables() {
  std::array<std::array<uint32_t, 256>, 8> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int i = 0; i < 8; ++i) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[0][b] = c;
  }
  for (int k = 1; k < 8; ++k) {
    for (uint32_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
  return t;
}

constexpr std::array<std::array<uint32_t, 256>, 8> kTables = MakeTables();

inline uint64_t LoadLE64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));  // x86-64 is little-endian (static_assert below)
  return v;
}

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "rill's on-disk formats assume a little-endian host");

using ExtendFn = uint32_t (*)(uint32_t, const char*, size_t);

bool CpuHasSse42() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
#else
  return false;
#endif
}

ExtendFn ChooseImplementation() {
  return CpuHasSse42() ? internal::ExtendHardware : internal::ExtendPortable;
}

}  // namespace

namespace internal {

uint32_t ExtendPortable(uint32_t crc, const char* data, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t l = ~crc;
  // memcpy loads are alignment-safe; 8 bytes per step through the 8 tables.
  while (n >= 8) {
    const uint64_t v = LoadLE64(p) ^ l;
    l = kTables[7][v & 0xff] ^ kTables[6][(v >> 8) & 0xff] ^ kTables[5][(v >> 16) & 0xff] ^
        kTables[4][(v >> 24) & 0xff] ^ kTables[3][(v >> 32) & 0xff] ^ kTables[2][(v >> 40) & 0xff] ^
        kTables[1][(v >> 48) & 0xff] ^ kTables[0][v >> 56];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) l = kTables[0][(l ^ *p++) & 0xff] ^ (l >> 8);
  return ~l;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t ExtendHardware(uint32_t crc, const char* data, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint64_t l = ~crc;
  // Align to 8 bytes so the 64-bit loads in the main loop are aligned.
  while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
    l = _mm_crc32_u8(static_cast<uint32_t>(l), *p++);
    --n;
  }
  while (n >= 8) {
    l = _mm_crc32_u64(l, LoadLE64(p));
    p += 8;
    n -= 8;
  }
  while (n-- > 0) l = _mm_crc32_u8(static_cast<uint32_t>(l), *p++);
  return ~static_cast<uint32_t>(l);
}
#else
uint32_t ExtendHardware(uint32_t crc, const char* data, size_t n) { return ExtendPortable(crc, data, n); }
#endif

}  // namespace internal

bool HardwareAccelerated() {
  static const bool has = CpuHasSse42();
  return has;
}

uint32_t Extend(uint32_t crc, const char* data, size_t n) {
  static const ExtendFn impl = ChooseImplementation();
  return impl(crc, data, n);
}

}  // namespace rill::crc32c
