// Greedy-by-size arena planning over buffer lifetimes.
#include "compiler/analysis/buffer_assignment.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rill::compiler {
namespace {

bool Overlaps(const BufferRequest& a, const BufferRequest& b) {
  return a.def <= b.last_use && b.def <= a.last_use;
}

int64_t AlignUp(int64_t x, int64_t alignment) { return (x + alignment - 1) & ~(alignment - 1); }

std::string Mib(int64_t bytes) { return absl::StrFormat("%.2f MiB", bytes / (1024.0 * 1024.0)); }

}  // namespace

absl::StatusOr<BufferAssignment> AssignBuffers(absl::Span<const BufferRequest> requests,
                                               int64_t alignment) {
  if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("alignment must be a power of two, got ", alignment));
  }
  constexpr int64_t kMaxBytes = int64_t{1} << 56;  // keeps offset arithmetic far from overflow
  std::vector<int64_t> size(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const BufferRequest& r = requests[i];
    if (r.bytes < 0 || r.bytes > kMaxBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("buffer '", r.name, "': size ", r.bytes, " is out of range"));
    }
    if (r.last_use < r.def) {
      return absl::InvalidArgumentError(absl::StrCat("buffer '", r.name, "': last use (step ",
                                                     r.last_use, ") before its definition (step ",
                                                     r.def, ")"));
    }
    size[i] = AlignUp(r.bytes, alignment);
  }

  BufferAssignment out;
  out.offsets.assign(requests.size(), 0);
  // Largest first; ties by earlier start, then request order, so the plan is deterministic.
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (size[a] != size[b]) return size[a] > size[b];
    return requests[a].def < requests[b].def;
  });
  std::vector<size_t> placed;
  for (size_t i : order) {
    out.unshared_bytes += size[i];
    if (size[i] == 0) continue;
    // Memory ranges taken by placed buffers that are live at the same time, by offset.
    std::vector<std::pair<int64_t, int64_t>> taken;
    for (size_t j : placed) {
      if (Overlaps(requests[i], requests[j])) taken.emplace_back(out.offsets[j], out.offsets[j] + size[j]);
    }
    std::sort(taken.begin(), taken.end());
    int64_t best = -1, best_gap = 0, cursor = 0;
    for (const auto& [begin, end] : taken) {
      const int64_t gap = begin - cursor;
      if (gap >= size[i] && (best < 0 || gap < best_gap)) {
        best = cursor;
        best_gap = gap;
      }
      cursor = std::max(cursor, end);
    }
    out.offsets[i] = best >= 0 ? best : cursor;
    out.arena_bytes = std::max(out.arena_bytes, out.offsets[i] + size[i]);
    placed.push_back(i);
  }

  // Lower bound: the most bytes live at any one step (a sweep over lifetime starts and ends).
  std::map<int, int64_t> delta;
  for (size_t i = 0; i < requests.size(); ++i) {
    delta[requests[i].def] += size[i];
    delta[requests[i].last_use + 1] -= size[i];
  }
  int64_t live = 0;
  for (const auto& [step, d] : delta) {
    live += d;
    out.live_bytes_lower_bound = std::max(out.live_bytes_lower_bound, live);
  }
  return out;
}

std::string BufferAssignment::ToString(absl::Span<const BufferRequest> requests) const {
  std::string s = absl::StrCat("arena ", Mib(arena_bytes), " for ", Mib(unshared_bytes),
                               " of buffers (lower bound ", Mib(live_bytes_lower_bound), ")\n");
  for (size_t i = 0; i < requests.size() && i < offsets.size(); ++i) {
    absl::StrAppendFormat(&s, "  %-40s offset %10d size %10d live [%d, %d]\n", requests[i].name,
                          offsets[i], requests[i].bytes, requests[i].def, requests[i].last_use);
  }
  return s;
}

absl::StatusOr<std::vector<BufferRequest>> LivenessFromSchedule(
    absl::Span<Node* const> schedule, const std::function<int64_t(const Node&, int)>& bytes,
    const absl::flat_hash_set<std::string>& live_out) {
  absl::flat_hash_map<const Node*, int> position;
  for (int i = 0; i < static_cast<int>(schedule.size()); ++i) position[schedule[i]] = i;
  const int end = static_cast<int>(schedule.size());
  std::vector<BufferRequest> requests;
  for (int i = 0; i < end; ++i) {
    const Node* n = schedule[i];
    std::map<int, int> last_use;  // port -> last reader's position
    for (const Edge* e : n->out_edges()) {
      if (e->IsControl()) continue;
      auto it = position.find(e->dst);
      if (it == position.end()) continue;  // a reader outside this schedule
      if (it->second <= i) {
        return absl::InvalidArgumentError(absl::StrCat("schedule runs '", e->dst->name(),
                                                       "' before its input '", n->name(), "'"));
      }
      int& last = last_use[e->src_output];
      last = std::max(last, it->second);
    }
    // Every port that is read or fetched needs a buffer.
    int max_port = last_use.empty() ? -1 : last_use.rbegin()->first;
    for (const std::string& name : live_out) {
      if (name == n->name()) max_port = std::max(max_port, 0);
      const std::string prefix = n->name() + ":";
      if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
        int port = 0;
        if (absl::SimpleAtoi(name.substr(prefix.size()), &port)) max_port = std::max(max_port, port);
      }
    }
    for (int port = 0; port <= max_port; ++port) {
      const std::string tensor = port == 0 ? n->name() : absl::StrCat(n->name(), ":", port);
      const bool fetched = live_out.contains(tensor) || (port == 0 && live_out.contains(n->name() + ":0"));
      auto read = last_use.find(port);
      if (!fetched && read == last_use.end()) continue;
      const int64_t size = bytes(*n, port);
      if (size <= 0) continue;
      requests.push_back({absl::StrCat(n->name(), ":", port), size, i,
                          fetched ? end : read->second});
    }
  }
  return requests;
}

}  // namespace rill::compiler
