// The XOR MLP shared by the end-to-end tests: a 2 -> 16 ReLU -> 2 network, softmax cross-entropy
// loss and an Adam train op (with global_step) in one graph; weights from TruncatedNormal draws
// keyed by the executor's graph seed.
#ifndef RILL_TESTS_E2E_XOR_MLP_H_
#define RILL_TESTS_E2E_XOR_MLP_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/scope.h"

namespace rill::e2e {

inline constexpr int kSide = 8;  // an 8 x 8 grid of points
inline constexpr int kPoints = kSide * kSide;
inline constexpr int kHidden = 16;

// XOR with a margin: coordinates in +-{0.2, 0.3, ..., 0.9}; class 1 when x0 * x1 > 0.
struct Data {
  std::vector<float> x;       // [kPoints, 2]
  std::vector<float> labels;  // one-hot [kPoints, 2]
  std::vector<int> classes;
};
Data MakeXor();

// The model, loss and Adam train op; `init` initialises every variable.
struct Model {
  Scope root = Scope::NewRootScope();
  Output logits;
  Output loss;
  Operation train;
};
absl::StatusOr<std::unique_ptr<Model>> BuildModel(const Data& data);

}  // namespace rill::e2e

#endif  // RILL_TESTS_E2E_XOR_MLP_H_
