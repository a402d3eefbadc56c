// Histograms for TensorBoard, computed as TensorFlow's histogram summary does: TF's default bucket limits
// (edges growing by 1.1x from 1e-12 to 1e20, mirrored for negatives, with 0 and +-DBL_MAX) and runs of
// empty buckets collapsed in the proto.
#ifndef RILL_IO_HISTOGRAM_H_
#define RILL_IO_HISTOGRAM_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "graph/summary.pb.h"

namespace rill::io {

// TensorFlow's default bucket limits (histogram::Histogram's), ascending: 774 edges 1e-12 * 1.1^k below
// 1e20 and DBL_MAX, their negatives, and 0 (1551 values).
const std::vector<double>& DefaultHistogramBucketLimits();

// Accumulates values into TF's default buckets.
class Histogram {
 public:
  Histogram();
  // Adds one value. The caller rejects NaN and infinities (MakeHistogram does).
  void Add(double value);
  // The proto TensorFlow's summary op writes: min, max, num, sum, sum_squares, then (limit, count) pairs
  // with each run of empty buckets merged into one (a lone empty histogram gets one DBL_MAX bucket).
  HistogramProto ToProto() const;

 private:
  const std::vector<double>& limits_;
  std::vector<double> buckets_;
  double min_, max_, num_ = 0, sum_ = 0, sum_squares_ = 0;
};

// The histogram of `values`; InvalidArgument naming the index of a NaN or infinite value (as TF's
// "Nan in summary histogram").
absl::StatusOr<HistogramProto> MakeHistogram(absl::Span<const double> values);

}  // namespace rill::io

#endif  // RILL_IO_HISTOGRAM_H_
