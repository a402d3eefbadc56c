// PyTorch as a benchmark peer: a persistent /usr/bin/python3 child running bench/torch_peer.py
// (embedded in the binary at build time) with OMP_WAIT_POLICY=PASSIVE, so its OpenMP workers
// sleep while other peers are timed. Each request is one repetition timed inside Python.
#ifndef RILL_BENCH_TORCH_PEER_H_
#define RILL_BENCH_TORCH_PEER_H_

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/conv2d.h"

namespace rill::bench {

class TorchPeer {
 public:
  // Starts the child (`python` is the interpreter, /usr/bin/python3 by default: the one with
  // torch on this machine). Unavailable when torch cannot be imported or python is missing.
  static absl::StatusOr<std::unique_ptr<TorchPeer>> Start(
      const std::string& python = "/usr/bin/python3");
  ~TorchPeer();  // asks the child to quit and reaps it
  TorchPeer(const TorchPeer&) = delete;
  TorchPeer& operator=(const TorchPeer&) = delete;

  const std::string& version() const { return version_; }

  // Seconds per call of one conv pass ("fwd", "bwd_input", "bwd_filter") at `s` (stride 1,
  // VALID, NCHW tensors: PyTorch's own layout), mean over `iters` calls on `threads` threads.
  absl::StatusOr<double> Conv(const std::string& pass, const runtime::Conv2DShape& s,
                              int threads, int iters);
  // Seconds per call of C[m,n] = op(A) op(B) (torch.mm on transposed views where trans_*),
  // mean over `iters` calls on `threads` threads.
  absl::StatusOr<double> Matmul(int64_t m, int64_t n, int64_t k, bool trans_a, bool trans_b,
                                int threads, int iters);
  // Seconds per Adam training step of `model` ("mlp" or "seed_cnn") at `batch`.
  absl::StatusOr<double> TrainStep(const std::string& model, int batch, int threads, int steps);

 private:
  TorchPeer(pid_t pid, FILE* to, FILE* from) : pid_(pid), to_(to), from_(from) {}
  // Sends one request line and parses `OK <seconds>`.
  absl::StatusOr<double> Request(const std::string& line);
  pid_t pid_;
  FILE* to_;
  FILE* from_;
  std::string version_;
};

}  // namespace rill::bench

#endif  // RILL_BENCH_TORCH_PEER_H_
