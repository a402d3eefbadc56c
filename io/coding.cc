// Fixed-width and varint encoding; see coding.h.
#include "io/coding.h"

#include <cstring>

namespace rill::io {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "rill's on-disk formats assume a little-endian host");

void EncodeFixed32(char* dst, uint32_t value) { std::memcpy(dst, &value, sizeof(value)); }
void EncodeFixed64(char* dst, uint64_t value) { std::memcpy(dst, &value, sizeof(value)); }

uint32_t DecodeFixed32(const char* ptr) {
  uint32_t v;
  std::memcpy(&v, ptr, sizeof(v));
  return v;
}

uint64_t DecodeFixed64(const char* ptr) {
  uint64_t v;
  std::memcpy(&v, ptr, sizeof(v));
  return v;
}

void PutFixed32(std::string* dst, uint32_t value) {
  char buf[4];
  EncodeFixed32(buf, value);
  dst->append(buf, sizeof(buf));
}

void PutFixed64(std::string* dst, uint64_t value) {
  char buf[8];
  EncodeFixed64(buf, value);
  dst->append(buf, sizeof(buf));
}

void PutVarint64(std::string* dst, uint64_t value) {
  while (value >= 0x80) {
    dst->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  dst->push_back(static_cast<char>(value));
}

void PutVarint32(std::string* dst, uint32_t value) { PutVarint64(dst, value); }

int VarintLength(uint64_t value) {
  int len = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++len;
  }
  return len;
}

namespace {

// Shared varint parser: at most `max_bytes` bytes, and the value must fit in `max_bits`.
bool GetVarint(absl::string_view* input, int max_bytes, int max_bits, uint64_t* value) {
  uint64_t result = 0;
  for (int i = 0; i < max_bytes && i < static_cast<int>(input->size()); ++i) {
    const uint64_t byte = static_cast<unsigned char>((*input)[i]);
    const int shift = 7 * i;
    const uint64_t payload = byte & 0x7f;
    // The last allowed byte may only carry the bits that are left of the type.
    if (shift + 7 > max_bits && (payload >> (max_bits - shift)) != 0) return false;
    result |= payload << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

}  // namespace

bool GetVarint32(absl::string_view* input, uint32_t* value) {
  uint64_t v;
  if (!GetVarint(input, kMaxVarint32Bytes, 32, &v)) return false;
  *value = static_cast<uint32_t>(v);
  return true;
}

bool GetVarint64(absl::string_view* input, uint64_t* value) {
  return GetVarint(input, kMaxVarint64Bytes, 64, value);
}

bool GetFixed32(absl::string_view* input, uint32_t* value) {
  if (input->size() < 4) return false;
  *value = DecodeFixed32(input->data());
  input->remove_prefix(4);
  return true;
}

bool GetFixed64(absl::string_view* input, uint64_t* value) {
  if (input->size() < 8) return false;
  *value = DecodeFixed64(input->data());
  input->remove_prefix(8);
  return true;
}

}  // namespace rill::io
