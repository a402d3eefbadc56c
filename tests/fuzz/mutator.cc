// Byte mutations, half of them aligned to record boundaries (see mutator.h).
#include "tests/fuzz/mutator.h"

namespace rill::fuzz {
namespace {

// Reads a base-128 varint at `pos`; false if it runs off the end or is too long.
bool ReadVarint(const std::string& data, size_t& pos, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(data[pos++]);
    value |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80u) == 0) return true;
  }
  return false;
}

// End of the wire-format field starting at `pos`, or 0 if it is malformed.
size_t SkipField(const std::string& data, size_t pos) {
  uint64_t tag, value;
  if (!ReadVarint(data, pos, tag)) return 0;
  switch (tag & 7) {
    case 0:
      return ReadVarint(data, pos, value) ? pos : 0;
    case 1:
      return pos + 8 <= data.size() ? pos + 8 : 0;
    case 2:
      if (!ReadVarint(data, pos, value) || value > data.size() - pos) return 0;
      return pos + value;
    case 5:
      return pos + 4 <= data.size() ? pos + 4 : 0;
    default:
      return 0;
  }
}

size_t PickBoundary(const std::vector<size_t>& bounds, Rng& rng) {
  return bounds[rng.Below(bounds.size())];
}

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::vector<size_t> RecordBoundaries(const std::string& data, Format format) {
  std::vector<size_t> bounds = {0};
  if (format == Format::kText) {
    for (size_t i = 0; i < data.size(); ++i) {
      if (data[i] == '\n') bounds.push_back(i + 1);
    }
  } else {
    size_t pos = 0;
    while (pos < data.size()) {
      const size_t end = SkipField(data, pos);
      if (end == 0) break;
      bounds.push_back(end);
      pos = end;
    }
  }
  if (bounds.back() != data.size()) bounds.push_back(data.size());
  return bounds;
}

std::string Mutate(const std::vector<std::string>& corpus, Mutation kind, Format format, Rng& rng) {
  std::string out = corpus[rng.Below(corpus.size())];
  if (out.empty()) return out;
  const bool aligned = rng.Below(2) == 0;
  const std::vector<size_t> bounds = RecordBoundaries(out, format);
  switch (kind) {
    case Mutation::kBitFlips: {
      const int flips = aligned ? 1 : 2 + static_cast<int>(rng.Below(7));
      for (int i = 0; i < flips; ++i) {
        out[rng.Below(out.size())] ^= static_cast<char>(1u << rng.Below(8));
      }
      break;
    }
    case Mutation::kTruncate:
      out.resize(aligned ? PickBoundary(bounds, rng) : rng.Below(out.size()));
      break;
    case Mutation::kSplice: {
      const std::string& other = corpus[rng.Below(corpus.size())];
      const size_t cut = aligned ? PickBoundary(bounds, rng) : rng.Below(out.size() + 1);
      const size_t from = aligned ? PickBoundary(RecordBoundaries(other, format), rng)
                                  : rng.Below(other.size() + 1);
      out = out.substr(0, cut) + other.substr(from);
      break;
    }
    case Mutation::kDuplicateChunk: {
      size_t begin, length;
      if (aligned && bounds.size() > 2) {
        const size_t i = rng.Below(bounds.size() - 1);
        begin = bounds[i];
        length = bounds[i + 1] - bounds[i];
      } else {
        begin = rng.Below(out.size());
        length = 1 + rng.Below(out.size() - begin);
      }
      out.insert(aligned ? PickBoundary(bounds, rng) : rng.Below(out.size() + 1),
                 out.substr(begin, length));
      break;
    }
  }
  return out;
}

}  // namespace rill::fuzz
