// One row of SparseSoftmaxCrossEntropyWithLogits, shared by the reference kernel and the compiled
// path's runtime entry point (compiler/codegen/softmax_calls.cc), so both compute the same bits:
// m = row max, lse = log(sum(exp(f - m))), loss = lse - (f[label] - m),
// backprop = exp(f - m - lse) - onehot(label). The caller has checked 0 <= label < classes.
#ifndef RILL_OPS_NN_SPARSE_XENT_ROW_H_
#define RILL_OPS_NN_SPARSE_XENT_ROW_H_

#include <cmath>
#include <cstdint>

namespace rill {

template <typename T>
void SparseXentRow(const T* f, int64_t classes, int64_t label, T* loss, T* backprop) {
  T m = f[0];
  for (int64_t j = 1; j < classes; ++j) m = f[j] > m ? f[j] : m;
  T sum = 0;
  for (int64_t j = 0; j < classes; ++j) sum += std::exp(f[j] - m);
  const T lse = std::log(sum);
  *loss = lse - (f[label] - m);
  for (int64_t j = 0; j < classes; ++j) backprop[j] = std::exp(f[j] - m - lse);
  backprop[label] -= T{1};
}

}  // namespace rill

#endif  // RILL_OPS_NN_SPARSE_XENT_ROW_H_
