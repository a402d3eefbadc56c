// TensorBoard histograms with TF's default buckets; see histogram.h.
#include "io/histogram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace rill::io {
namespace {

std::vector<double> MakeDefaultLimits() {
  std::vector<double> positive;
  // Grown by repeated multiplication, exactly as TF does, so the edges match bit for bit.
  for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) positive.push_back(v);
  positive.push_back(DBL_MAX);
  std::vector<double> limits;
  limits.reserve(2 * positive.size() + 1);
  for (auto it = positive.rbegin(); it != positive.rend(); ++it) limits.push_back(-*it);
  limits.push_back(0.0);
  limits.insert(limits.end(), positive.begin(), positive.end());
  return limits;
}

}  // namespace

const std::vector<double>& DefaultHistogramBucketLimits() {
  static const std::vector<double>* limits = new std::vector<double>(MakeDefaultLimits());
  return *limits;
}

Histogram::Histogram()
    : limits_(DefaultHistogramBucketLimits()), buckets_(limits_.size(), 0.0), min_(limits_.back()), max_(-DBL_MAX) {}

void Histogram::Add(double value) {
  // Bucket i counts values in [limits[i-1], limits[i]). TF indexes one past the end for DBL_MAX itself;
  // that value belongs in the last bucket.
  size_t b = std::upper_bound(limits_.begin(), limits_.end(), value) - limits_.begin();
  b = std::min(b, buckets_.size() - 1);
  buckets_[b] += 1.0;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  num_ += 1;
  sum_ += value;
  sum_squares_ += value * value;
}

HistogramProto Histogram::ToProto() const {
  HistogramProto proto;
  proto.set_min(min_);
  proto.set_max(max_);
  proto.set_num(num_);
  proto.set_sum(sum_);
  proto.set_sum_squares(sum_squares_);
  for (size_t i = 0; i < buckets_.size();) {
    double end = limits_[i];
    double count = buckets_[i];
    ++i;
    if (count <= 0.0) {
      // A run of empty buckets becomes one, ending at the run's last limit.
      while (i < buckets_.size() && buckets_[i] <= 0.0) {
        end = limits_[i];
        count = buckets_[i];
        ++i;
      }
    }
    proto.add_bucket_limit(end);
    proto.add_bucket(count);
  }
  return proto;
}

absl::StatusOr<HistogramProto> MakeHistogram(absl::Span<const double> values) {
  Histogram h;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(absl::StrCat("histogram value ", i, " is ", values[i],
                                                     "; only finite values can be summarised"));
    }
    h.Add(values[i]);
  }
  return h.ToProto();
}

}  // namespace rill::io
