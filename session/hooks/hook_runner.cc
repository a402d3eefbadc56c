// RunWithHooks: merges the hooks' SessionRunArgs into one Run and splits the results back (see
// hook_runner.h).
#include "session/hooks/hook_runner.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/tensor_id.h"

namespace rill {
namespace {

// Adds `feeds` to `merged`; `who` names their source in errors.
absl::Status MergeFeeds(const std::vector<Feed>& feeds, const std::string& who,
                        std::map<std::string, std::string>* owners, std::vector<Feed>* merged) {
  for (const Feed& feed : feeds) {
    absl::StatusOr<TensorId> id = ParseTensorName(feed.first);
    const std::string key = id.ok() ? id->ToString() : feed.first;
    auto [it, inserted] = owners->emplace(key, who);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat("feed '", feed.first, "' is given by both ",
                                                     it->second, " and ", who));
    }
    merged->push_back(feed);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunWithHooks(Session& session, absl::Span<SessionRunHook* const> hooks,
                          const SessionRunArgs& args, std::vector<Tensor>* outputs,
                          bool* stop_requested) {
  SessionRunContext context(args, &session);
  SessionRunArgs merged = args;
  merged.feeds.clear();
  std::map<std::string, std::string> feed_owners;
  RETURN_IF_ERROR(MergeFeeds(args.feeds, "the caller", &feed_owners, &merged.feeds));
  std::set<std::string> targets(args.targets.begin(), args.targets.end());
  // Where each hook's fetches start in the merged fetch list.
  std::vector<size_t> fetch_start;
  std::vector<size_t> fetch_count;
  for (size_t h = 0; h < hooks.size(); ++h) {
    ASSIGN_OR_RETURN(SessionRunArgs extra, hooks[h]->BeforeRun(context));
    fetch_start.push_back(merged.fetches.size());
    fetch_count.push_back(extra.fetches.size());
    merged.fetches.insert(merged.fetches.end(), extra.fetches.begin(), extra.fetches.end());
    RETURN_IF_ERROR(
        MergeFeeds(extra.feeds, absl::StrCat("hook ", h), &feed_owners, &merged.feeds));
    for (const std::string& t : extra.targets) {
      if (targets.insert(t).second) merged.targets.push_back(t);
    }
  }
  std::vector<Tensor> results;
  RunMetadata metadata;
  RETURN_IF_ERROR(session.Run(RunOptions(), merged.feeds, merged.fetches, merged.targets,
                              &results, &metadata));
  for (size_t h = 0; h < hooks.size(); ++h) {
    SessionRunValues values;
    values.results.assign(results.begin() + fetch_start[h],
                          results.begin() + fetch_start[h] + fetch_count[h]);
    values.metadata = metadata;
    RETURN_IF_ERROR(hooks[h]->AfterRun(context, values));
  }
  outputs->assign(results.begin(), results.begin() + args.fetches.size());
  *stop_requested = context.stop_requested();
  return absl::OkStatus();
}

}  // namespace rill
