// Client builders for the io family (ops/io): checkpoint save/restore (SaveV2, RestoreV2) and
// summaries (ScalarSummary, HistogramSummary, MergeSummary). Host ops: no emitters, no gradients.
#ifndef RILL_OPS_IO_OPS_H_
#define RILL_OPS_IO_OPS_H_

#include <vector>

#include "graph/scope.h"
#include "graph/types.pb.h"

namespace rill::ops {

// tf.raw_ops.SaveV2: writes `tensors` under `tensor_names` (1-D string, one per tensor) to the
// checkpoint V2 bundle at `prefix` (string scalar). `shape_and_slices` (1-D string) must hold ""
// for each tensor (partitioned saves are not supported).
Operation SaveV2(const Scope& scope, const Output& prefix, const Output& tensor_names,
                 const Output& shape_and_slices, const std::vector<Output>& tensors);

// tf.raw_ops.RestoreV2: reads the tensors `tensor_names` of the bundle at `prefix`; their dtypes
// must be `dtypes` (one per name). Returns one output per name.
std::vector<Output> RestoreV2(const Scope& scope, const Output& prefix, const Output& tensor_names,
                              const Output& shape_and_slices, const std::vector<DataType>& dtypes);

// tf.summary.scalar (TF 1.x ScalarSummary): a serialized Summary with one simple_value per
// element of `values` (any real dtype), tagged by the string tensor `tags` of the same shape.
Output ScalarSummary(const Scope& scope, const Output& tags, const Output& values);

// tf.summary.histogram (HistogramSummary): a serialized Summary holding the histogram of
// `values` (any real dtype) under the string scalar `tag`. NaN or infinite values are an error.
Output HistogramSummary(const Scope& scope, const Output& tag, const Output& values);

// tf.summary.merge (MergeSummary): the union of serialized Summaries (string tensors of any
// shape); a tag repeated across inputs is an error.
Output MergeSummary(const Scope& scope, const std::vector<Output>& inputs);

}  // namespace rill::ops

#endif  // RILL_OPS_IO_OPS_H_
