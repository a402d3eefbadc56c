// Tests for the PyTorch peer: a missing interpreter is Unavailable; with /usr/bin/python3 and
// torch installed, conv and training requests come back with positive times and bad requests
// with errors (skipped where torch is not installed).
#include "bench/torch_peer.h"

#include "gtest/gtest.h"

namespace rill::bench {
namespace {

TEST(TorchPeerTest, MissingInterpreterIsUnavailable) {
  auto peer = TorchPeer::Start("/nonexistent/python3");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kUnavailable);
}

TEST(TorchPeerTest, AnswersRequests) {
  auto peer = TorchPeer::Start();
  if (!peer.ok()) GTEST_SKIP() << "PyTorch unavailable: " << peer.status();
  EXPECT_FALSE((*peer)->version().empty());
  runtime::Conv2DShape s;
  s.batch = 2;
  s.in_h = s.in_w = 8;
  s.in_c = 2;
  s.filter_h = s.filter_w = 3;
  s.out_c = 4;
  s.out_h = s.out_w = 6;
  for (const char* pass : {"fwd", "bwd_input", "bwd_filter"}) {
    auto t = (*peer)->Conv(pass, s, 1, 2);
    ASSERT_TRUE(t.ok()) << pass << ": " << t.status();
    EXPECT_GT(*t, 0.0) << pass;
  }
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      auto t = (*peer)->Matmul(5, 3, 4, ta, tb, 2, 2);
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_GT(*t, 0.0);
    }
  }
  auto step = (*peer)->TrainStep("mlp", 4, 1, 1);
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_GT(*step, 0.0);
  // Errors come back as statuses and the peer keeps serving.
  EXPECT_EQ((*peer)->Conv("sideways", s, 1, 1).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ((*peer)->TrainStep("resnet", 4, 1, 1).status().code(), absl::StatusCode::kInternal);
  s.stride_h = 2;
  EXPECT_EQ((*peer)->Conv("fwd", s, 1, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE((*peer)->TrainStep("mlp", 4, 1, 1).ok());
}

}  // namespace
}  // namespace rill::bench
