// The signature a Session caches plans by: feed names with their dtypes and shapes, fetch names
// and target names, in call order (TensorFlow keys its executors the same way).
#ifndef RILL_SESSION_PLAN_KEY_H_
#define RILL_SESSION_PLAN_KEY_H_

#include <string>
#include <utility>
#include <vector>

#include "graph/tensor.h"

namespace rill {

// A canonical string for one Run signature: equal exactly when the feed names, feed dtypes and
// shapes, fetches and targets are equal (in order). Names are length-prefixed, so no choice of
// names can make two different signatures collide.
std::string MakePlanKey(const std::vector<std::pair<std::string, Tensor>>& feeds,
                        const std::vector<std::string>& fetches,
                        const std::vector<std::string>& targets);

}  // namespace rill

#endif  // RILL_SESSION_PLAN_KEY_H_
