// The PyTorch peer's client side: fork/exec of python with the embedded server script, one
// request/reply line per repetition over pipes.
#include "bench/torch_peer.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace rill::bench {
namespace {

// bench/torch_peer.py, embedded by the torch_peer_script genrule.
constexpr char kScript[] =
#include "bench/torch_peer_script.inc"
    ;

std::string ReadLine(FILE* f) {
  std::string line;
  char buf[512];
  while (std::fgets(buf, sizeof(buf), f) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      break;
    }
  }
  return line;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TorchPeer>> TorchPeer::Start(const std::string& python) {
  // A child that exits early must not kill the benchmark with SIGPIPE on the next write.
  signal(SIGPIPE, SIG_IGN);
  if (access(python.c_str(), X_OK) != 0) {
    return absl::UnavailableError(absl::StrCat(python, " is not executable"));
  }
  // The child's environment, built before fork (only async-signal-safe calls may follow it in a
  // multi-threaded parent): ours, with idle OpenMP workers told to sleep, not spin, while the
  // other peers run on the same cores.
  std::vector<std::string> env_strings = {"OMP_WAIT_POLICY=PASSIVE"};
  for (char** e = environ; *e != nullptr; ++e) {
    if (!absl::StartsWith(*e, "OMP_WAIT_POLICY=")) env_strings.push_back(*e);
  }
  std::vector<char*> env;
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  char* const child_argv[] = {const_cast<char*>(python.c_str()), const_cast<char*>("-c"),
                              const_cast<char*>(kScript), nullptr};
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0) return absl::InternalError("pipe failed");
  if (pipe(from_child) != 0) {
    close(to_child[0]);
    close(to_child[1]);
    return absl::InternalError("pipe failed");
  }
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[0]);
    close(to_child[1]);
    close(from_child[0]);
    close(from_child[1]);
    execve(python.c_str(), child_argv, env.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  std::unique_ptr<TorchPeer> peer(
      new TorchPeer(pid, fdopen(to_child[1], "w"), fdopen(from_child[0], "r")));
  const std::string hello = ReadLine(peer->from_);
  if (!absl::StartsWith(hello, "READY ")) {
    return absl::UnavailableError(
        absl::StrCat("PyTorch peer did not start: ", hello.empty() ? "(no output)" : hello));
  }
  peer->version_ = hello.substr(6);
  return peer;
}

TorchPeer::~TorchPeer() {
  std::fputs("quit\n", to_);
  std::fclose(to_);
  std::fclose(from_);
  int status = 0;
  waitpid(pid_, &status, 0);
}

absl::StatusOr<double> TorchPeer::Request(const std::string& line) {
  if (std::fprintf(to_, "%s\n", line.c_str()) < 0 || std::fflush(to_) != 0) {
    return absl::UnavailableError("PyTorch peer: write failed (child exited?)");
  }
  const std::string reply = ReadLine(from_);
  absl::string_view rest = reply;
  if (!absl::ConsumePrefix(&rest, "OK ")) {
    return absl::InternalError(absl::StrCat("PyTorch peer, request '", line, "': ",
                                            reply.empty() ? "(no reply)" : reply));
  }
  return std::strtod(std::string(rest).c_str(), nullptr);
}

absl::StatusOr<double> TorchPeer::Conv(const std::string& pass, const runtime::Conv2DShape& s,
                                       int threads, int iters) {
  if (s.stride_h != 1 || s.stride_w != 1 || s.pad_top != 0 || s.pad_left != 0 ||
      s.dilation_h != 1 || s.dilation_w != 1) {
    return absl::InvalidArgumentError("TorchPeer::Conv supports stride 1, VALID only");
  }
  return Request(absl::StrCat("conv ", pass, " ", s.batch, " ", s.in_h, " ", s.in_w, " ", s.in_c,
                              " ", s.filter_h, " ", s.filter_w, " ", s.out_c, " ", threads, " ",
                              iters));
}

absl::StatusOr<double> TorchPeer::Matmul(int64_t m, int64_t n, int64_t k, bool trans_a,
                                         bool trans_b, int threads, int iters) {
  return Request(absl::StrCat("mm ", m, " ", n, " ", k, " ", trans_a ? 1 : 0, " ",
                              trans_b ? 1 : 0, " ", threads, " ", iters));
}

absl::StatusOr<double> TorchPeer::TrainStep(const std::string& model, int batch, int threads,
                                            int steps) {
  return Request(absl::StrCat("train ", model, " ", batch, " ", threads, " ", steps));
}

}  // namespace rill::bench
