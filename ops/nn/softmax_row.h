// One row of Softmax, LogSoftmax and SoftmaxCrossEntropyWithLogits, shared by their reference
// kernels and the compiled path's entry points (compiler/codegen/softmax_calls.cc). Each repeats
// the ops' composite expansions (softmax.cc, log_softmax.cc, softmax_cross_entropy_with_logits.cc)
// operation for operation, in the reference kernels' order, so all three paths give the same bits:
// the row max folds from -inf as Max does (NaN propagates), sums run left to right from 0 as Sum
// does, and exp/log are libm's, as the Exp and Log kernels.
#ifndef RILL_OPS_NN_SOFTMAX_ROW_H_
#define RILL_OPS_NN_SOFTMAX_ROW_H_

#include <cmath>
#include <cstdint>
#include <limits>

namespace rill {

// Max over x[0..n) as the Max kernel folds it: from -inf; a NaN anywhere gives that NaN.
template <typename T>
T SoftmaxRowMax(const T* x, int64_t n) {
  T m = -std::numeric_limits<T>::infinity();
  for (int64_t j = 0; j < n; ++j) {
    if (m != m) return m;
    const T v = x[j];
    if (v != v) {
      m = v;
      continue;
    }
    m = v > m ? v : m;
  }
  return m;
}

// Softmax: e = exp(x - m); y = e / sum(e). `y` may alias `x`.
template <typename T>
void SoftmaxRow(const T* x, int64_t n, T* y) {
  const T m = SoftmaxRowMax(x, n);
  T sum = 0;
  for (int64_t j = 0; j < n; ++j) {
    const T e = std::exp(x[j] - m);
    y[j] = e;
    sum = sum + e;
  }
  for (int64_t j = 0; j < n; ++j) y[j] = y[j] / sum;
}

// LogSoftmax: s = x - m; y = s - log(sum(exp(s))). `y` may alias `x`.
template <typename T>
void LogSoftmaxRow(const T* x, int64_t n, T* y) {
  const T m = SoftmaxRowMax(x, n);
  T sum = 0;
  for (int64_t j = 0; j < n; ++j) {
    const T s = x[j] - m;
    y[j] = s;
    sum = sum + std::exp(s);
  }
  const T lse = std::log(sum);
  for (int64_t j = 0; j < n; ++j) y[j] = y[j] - lse;
}

// SoftmaxCrossEntropyWithLogits, one row of the broadcast [batch, classes] result. `f` holds the
// row's `f_classes` features (classes, or 1 broadcast over the classes); label j is
// labels[j * label_step] (label_step 0 broadcasts one label). With s = f - m,
// lse = log(sum(exp(s))) and mls = lse - s (over the features' own classes):
// loss = sum(labels * mls), backprop = exp(-mls) - labels.
template <typename T>
void SoftmaxXentRow(const T* f, int64_t f_classes, const T* labels, int64_t label_step,
                    int64_t classes, T* loss, T* backprop) {
  const T m = SoftmaxRowMax(f, f_classes);
  T sum = 0;
  for (int64_t j = 0; j < f_classes; ++j) sum = sum + std::exp(f[j] - m);
  const T lse = std::log(sum);
  const int64_t f_step = f_classes == classes ? 1 : 0;
  T total = 0;
  for (int64_t j = 0; j < classes; ++j) {
    const T mls = lse - (f[j * f_step] - m);
    const T label = labels[j * label_step];
    total = total + label * mls;
    backprop[j] = std::exp(-mls) - label;
  }
  *loss = total;
}

// How SoftmaxCrossEntropyWithLogits' features and labels broadcast to [batch, classes]: each is
// viewed as [rows, classes] (rank 1 as [1, n], a scalar label as [1, 1]); rows and classes are
// either the output's or 1 (broadcast).
struct XentBroadcast {
  int64_t batch = 0, classes = 0;
  int64_t f_rows = 0, f_classes = 0;
  int64_t l_rows = 0, l_classes = 0;
};

// Fills `b` from the dims of features (rank 1 or 2) and labels (rank 0 to 2); false when they
// do not broadcast to rank 2 as the op's shape function requires.
inline bool MakeXentBroadcast(const int64_t* f_dims, int f_rank, const int64_t* l_dims,
                              int l_rank, XentBroadcast* b) {
  if (f_rank < 1 || f_rank > 2 || l_rank < 0 || l_rank > 2 || (f_rank < 2 && l_rank < 2)) {
    return false;
  }
  int64_t f[2] = {1, 1}, l[2] = {1, 1}, out[2];
  for (int k = 0; k < f_rank; ++k) f[2 - f_rank + k] = f_dims[k];
  for (int k = 0; k < l_rank; ++k) l[2 - l_rank + k] = l_dims[k];
  for (int k = 0; k < 2; ++k) {
    if (f[k] == l[k] || l[k] == 1) {
      out[k] = f[k];
    } else if (f[k] == 1) {
      out[k] = l[k];
    } else {
      return false;
    }
  }
  *b = {out[0], out[1], f[0], f[1], l[0], l[1]};
  return true;
}

// Rows [begin, end) of the broadcast cross entropy: loss [batch], backprop [batch, classes].
template <typename T>
void SoftmaxXentRows(const XentBroadcast& b, const T* features, const T* labels, T* loss,
                     T* backprop, int64_t begin, int64_t end) {
  const int64_t label_step = b.l_classes == 1 ? 0 : 1;
  for (int64_t r = begin; r < end; ++r) {
    const T* f = features + (b.f_rows == 1 ? 0 : r) * b.f_classes;
    const T* l = labels + (b.l_rows == 1 ? 0 : r) * b.l_classes;
    SoftmaxXentRow(f, b.f_classes, l, label_step, b.classes, loss + r, backprop + r * b.classes);
  }
}

}  // namespace rill

#endif  // RILL_OPS_NN_SOFTMAX_ROW_H_
