// The random ops' element sequences (layout documented in random_fill.h).
#include "ops/random/random_fill.h"

#include <array>
#include <cmath>
#include <cstddef>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace rill::random {
namespace {

// Writes elements [first, first + out.size()) of a sequence made of groups of kGroupSize
// elements, where make_group(g, &values) computes group g (and returns false on failure).
// Partial groups at either end are computed whole and sliced.
template <int kGroupSize, typename T, typename MakeGroup>
bool FillGroups(int64_t first, absl::Span<T> out, MakeGroup make_group) {
  RILL_DCHECK(first >= 0, "FillGroups: negative first element");
  std::array<T, kGroupSize> values;
  size_t pos = 0;
  uint64_t group = static_cast<uint64_t>(first) / kGroupSize;
  int offset = static_cast<int>(static_cast<uint64_t>(first) % kGroupSize);
  while (pos < out.size()) {
    if (!make_group(group, &values)) return false;
    for (int k = offset; k < kGroupSize && pos < out.size(); ++k) out[pos++] = values[k];
    ++group;
    offset = 0;
  }
  return true;
}

// Reads a stream's words one at a time from a starting block on (TensorFlow's
// SingleSampleAdapter).
class WordReader {
 public:
  WordReader(const PhiloxStream& stream, uint64_t block) : stream_(stream), block_(block) {}
  uint32_t Next() {
    if (used_ == 4) {
      words_ = stream_.Block(block_++);
      used_ = 0;
    }
    return words_[used_++];
  }

 private:
  const PhiloxStream& stream_;
  uint64_t block_;
  PhiloxBlock words_{};
  int used_ = 4;
};

// Truncated-normal reservations (words per output, as TensorFlow) and the give-up bound.
constexpr uint64_t kReservedWordsPerOutput = 256;
constexpr int kMaxTruncatedDraws = 1 << 20;

absl::Status TruncationFailure() {
  return absl::InternalError(absl::StrCat(
      "truncated normal: no value within 2 standard deviations in ", kMaxTruncatedDraws, " draws"));
}

}  // namespace

void FillUniform(const PhiloxStream& stream, int64_t first, absl::Span<float> out) {
  FillGroups<4>(first, out, [&](uint64_t g, std::array<float, 4>* v) {
    const PhiloxBlock b = stream.Block(g);
    for (int k = 0; k < 4; ++k) (*v)[k] = Uint32ToFloat(b[k]);
    return true;
  });
}

void FillUniform(const PhiloxStream& stream, int64_t first, absl::Span<double> out) {
  FillGroups<2>(first, out, [&](uint64_t g, std::array<double, 2>* v) {
    const PhiloxBlock b = stream.Block(g);
    (*v)[0] = Uint64ToDouble(b[0], b[1]);
    (*v)[1] = Uint64ToDouble(b[2], b[3]);
    return true;
  });
}

void FillNormal(const PhiloxStream& stream, int64_t first, absl::Span<float> out) {
  FillGroups<4>(first, out, [&](uint64_t g, std::array<float, 4>* v) {
    const PhiloxBlock b = stream.Block(g);
    BoxMullerFloat(b[0], b[1], &(*v)[0], &(*v)[1]);
    BoxMullerFloat(b[2], b[3], &(*v)[2], &(*v)[3]);
    return true;
  });
}

void FillNormal(const PhiloxStream& stream, int64_t first, absl::Span<double> out) {
  FillGroups<2>(first, out, [&](uint64_t g, std::array<double, 2>* v) {
    const PhiloxBlock b = stream.Block(g);
    BoxMullerDouble(b[0], b[1], b[2], b[3], &(*v)[0], &(*v)[1]);
    return true;
  });
}

absl::Status FillTruncatedNormal(const PhiloxStream& stream, int64_t first, absl::Span<float> out) {
  constexpr int kGroup = 4;
  const bool ok = FillGroups<kGroup>(first, out, [&](uint64_t g, std::array<float, kGroup>* v) {
    WordReader words(stream, g * kGroup * kReservedWordsPerOutput / 4);
    int kept = 0;
    for (int draw = 0; draw < kMaxTruncatedDraws; ++draw) {
      const uint32_t x0 = words.Next();
      const uint32_t x1 = words.Next();
      float z[2];
      BoxMullerFloat(x0, x1, &z[0], &z[1]);
      for (float value : z) {
        if (std::fabs(value) < 2.0f) {
          (*v)[kept++] = value;
          if (kept == kGroup) return true;
        }
      }
    }
    return false;
  });
  return ok ? absl::OkStatus() : TruncationFailure();
}

absl::Status FillTruncatedNormal(const PhiloxStream& stream, int64_t first,
                                 absl::Span<double> out) {
  constexpr int kGroup = 2;
  const bool ok = FillGroups<kGroup>(first, out, [&](uint64_t g, std::array<double, kGroup>* v) {
    WordReader words(stream, g * kGroup * kReservedWordsPerOutput / 4);
    int kept = 0;
    for (int draw = 0; draw < kMaxTruncatedDraws; ++draw) {
      const uint32_t x0 = words.Next();
      const uint32_t x1 = words.Next();
      const uint32_t x2 = words.Next();
      const uint32_t x3 = words.Next();
      double z[2];
      BoxMullerDouble(x0, x1, x2, x3, &z[0], &z[1]);
      for (double value : z) {
        if (std::fabs(value) < 2.0) {
          (*v)[kept++] = value;
          if (kept == kGroup) return true;
        }
      }
    }
    return false;
  });
  return ok ? absl::OkStatus() : TruncationFailure();
}

void FillUniformInt(const PhiloxStream& stream, int64_t first, int32_t lo, int32_t hi,
                    absl::Span<int32_t> out) {
  RILL_DCHECK(lo < hi, "FillUniformInt: empty range");
  // hi - lo can overflow int32 (lo < 0 < hi) but always fits uint32; the sum wraps back into
  // range, and the conversion to int32 is modular (C++20).
  const uint32_t range = static_cast<uint32_t>(hi) - static_cast<uint32_t>(lo);
  FillGroups<4>(first, out, [&](uint64_t g, std::array<int32_t, 4>* v) {
    const PhiloxBlock b = stream.Block(g);
    for (int k = 0; k < 4; ++k) {
      (*v)[k] = static_cast<int32_t>(static_cast<uint32_t>(lo) + b[k] % range);
    }
    return true;
  });
}

void FillUniformInt(const PhiloxStream& stream, int64_t first, int64_t lo, int64_t hi,
                    absl::Span<int64_t> out) {
  RILL_DCHECK(lo < hi, "FillUniformInt: empty range");
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  FillGroups<2>(first, out, [&](uint64_t g, std::array<int64_t, 2>* v) {
    const PhiloxBlock b = stream.Block(g);
    for (int k = 0; k < 2; ++k) {
      const uint64_t bits = uint64_t{b[2 * k]} | (uint64_t{b[2 * k + 1]} << 32);
      (*v)[k] = static_cast<int64_t>(static_cast<uint64_t>(lo) + bits % range);
    }
    return true;
  });
}

}  // namespace rill::random
