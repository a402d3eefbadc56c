// Tensor test helpers: random tensors and shapes, conversion to doubles, matchers, printing.
#include "ops/testing/tensor_test_util.h"

#include <cmath>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace rill::testing {
namespace {

template <typename T>
void FillRandom(Tensor& t, std::mt19937_64& rng, double lo, double hi, double min_abs) {
  std::uniform_real_distribution<double> dist(lo, hi);
  T* p = t.data<T>();
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    double v = dist(rng);
    // Bounded retries: with a range that excludes nothing useful, keep the last draw.
    for (int tries = 0; std::abs(v) < min_abs && tries < 1000; ++tries) v = dist(rng);
    p[i] = static_cast<T>(v);
  }
}

bool SameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b;
}

// Explains the first difference between `actual` and `expected`, or returns "" if they match.
std::string Diff(const Tensor& actual, const Tensor& expected, double atol, double rtol,
                 bool exact) {
  if (actual.dtype() != expected.dtype()) {
    return absl::StrCat("dtype ", DataTypeString(actual.dtype()), " vs expected ",
                        DataTypeString(expected.dtype()));
  }
  if (!(actual.shape() == expected.shape())) {
    return absl::StrCat("shape ", actual.shape().DebugString(), " vs expected ",
                        expected.shape().DebugString());
  }
  if (actual.dtype() == DT_STRING) {
    for (int64_t i = 0; i < actual.num_elements(); ++i) {
      if (actual.data<std::string>()[i] != expected.data<std::string>()[i]) {
        return absl::StrCat("element ", i, ": '", actual.data<std::string>()[i], "' vs expected '",
                            expected.data<std::string>()[i], "'");
      }
    }
    return "";
  }
  const std::vector<double> a = ToDoubles(actual);
  const std::vector<double> e = ToDoubles(expected);
  for (size_t i = 0; i < a.size(); ++i) {
    const bool ok =
        exact ? SameValue(a[i], e[i])
              : (SameValue(a[i], e[i]) || std::abs(a[i] - e[i]) <= atol + rtol * std::abs(e[i]));
    if (!ok) return absl::StrCat("element ", i, ": ", a[i], " vs expected ", e[i]);
  }
  return "";
}

class TensorMatcher : public ::testing::MatcherInterface<const Tensor&> {
 public:
  TensorMatcher(Tensor expected, double atol, double rtol, bool exact)
      : expected_(std::move(expected)), atol_(atol), rtol_(rtol), exact_(exact) {}

  bool MatchAndExplain(const Tensor& actual,
                       ::testing::MatchResultListener* listener) const override {
    const std::string diff = Diff(actual, expected_, atol_, rtol_, exact_);
    if (!diff.empty()) *listener << diff << " (actual " << actual.DebugString(20) << ")";
    return diff.empty();
  }
  void DescribeTo(std::ostream* os) const override {
    *os << (exact_ ? "equals " : "is near ") << expected_.DebugString(20);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "differs from " << expected_.DebugString(20);
  }

 private:
  Tensor expected_;
  double atol_;
  double rtol_;
  bool exact_;
};

}  // namespace

Tensor RandomTensor(DataType dtype, const TensorShape& shape, uint64_t seed, double lo, double hi,
                    double min_abs) {
  absl::StatusOr<Tensor> t = Tensor::Create(dtype, shape);
  RILL_CHECK(t.ok(), "RandomTensor: cannot allocate");
  std::mt19937_64 rng(seed);
  switch (dtype) {
    case DT_FLOAT:
      FillRandom<float>(*t, rng, lo, hi, min_abs);
      break;
    case DT_DOUBLE:
      FillRandom<double>(*t, rng, lo, hi, min_abs);
      break;
    case DT_INT32:
      FillRandom<int32_t>(*t, rng, lo, hi, min_abs);
      break;
    case DT_INT64:
      FillRandom<int64_t>(*t, rng, lo, hi, min_abs);
      break;
    case DT_UINT8:
      FillRandom<uint8_t>(*t, rng, lo, hi, min_abs);
      break;
    default:
      RILL_CHECK(false, "RandomTensor: unsupported dtype");
  }
  return *std::move(t);
}

TensorShape RandomShape(std::mt19937_64& rng, int min_rank, int max_rank, int64_t max_dim) {
  std::uniform_int_distribution<int> rank_dist(min_rank, max_rank);
  std::uniform_int_distribution<int64_t> dim_dist(1, max_dim);
  std::vector<int64_t> dims(rank_dist(rng));
  for (int64_t& d : dims) d = dim_dist(rng);
  absl::StatusOr<TensorShape> s = TensorShape::Create(dims);
  RILL_CHECK(s.ok(), "RandomShape: bad shape");
  return *s;
}

std::vector<double> ToDoubles(const Tensor& t) {
  std::vector<double> out(t.num_elements());
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    switch (t.dtype()) {
      case DT_FLOAT:
        out[i] = t.data<float>()[i];
        break;
      case DT_DOUBLE:
        out[i] = t.data<double>()[i];
        break;
      case DT_INT32:
        out[i] = t.data<int32_t>()[i];
        break;
      case DT_INT64:
        out[i] = static_cast<double>(t.data<int64_t>()[i]);
        break;
      case DT_UINT8:
        out[i] = t.data<uint8_t>()[i];
        break;
      case DT_BOOL:
        out[i] = t.data<bool>()[i] ? 1.0 : 0.0;
        break;
      default:
        RILL_CHECK(false, "ToDoubles: not a numeric tensor");
    }
  }
  return out;
}

::testing::Matcher<const Tensor&> TensorEq(const Tensor& expected) {
  return ::testing::MakeMatcher(new TensorMatcher(expected, 0, 0, /*exact=*/true));
}

::testing::Matcher<const Tensor&> TensorNear(const Tensor& expected, double atol, double rtol) {
  return ::testing::MakeMatcher(new TensorMatcher(expected, atol, rtol, /*exact=*/false));
}

}  // namespace rill::testing

namespace rill {
void PrintTo(const Tensor& t, std::ostream* os) { *os << t.DebugString(20); }
}  // namespace rill
