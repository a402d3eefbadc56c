// Block encoding; see block_builder.h.
#include "io/block_builder.h"

#include <algorithm>

#include "base/check.h"
#include "io/coding.h"

namespace rill::io {

BlockBuilder::BlockBuilder(int restart_interval) : restart_interval_(restart_interval) {
  RILL_CHECK(restart_interval >= 1);
  Reset();
}

void BlockBuilder::Reset() {
  buffer_.clear();
  restarts_.assign(1, 0);  // the first entry is always a restart point
  counter_ = 0;
  finished_ = false;
  last_key_.clear();
}

void BlockBuilder::Add(absl::string_view key, absl::string_view value) {
  RILL_CHECK(!finished_, "Add after Finish without Reset");
  size_t shared = 0;
  if (counter_ < restart_interval_) {
    const size_t min_len = std::min(last_key_.size(), key.size());
    while (shared < min_len && last_key_[shared] == key[shared]) ++shared;
  } else {
    restarts_.push_back(static_cast<uint32_t>(buffer_.size()));
    counter_ = 0;
  }
  const size_t non_shared = key.size() - shared;
  PutVarint32(&buffer_, static_cast<uint32_t>(shared));
  PutVarint32(&buffer_, static_cast<uint32_t>(non_shared));
  PutVarint32(&buffer_, static_cast<uint32_t>(value.size()));
  buffer_.append(key.data() + shared, non_shared);
  buffer_.append(value.data(), value.size());
  last_key_.assign(key.data(), key.size());
  ++counter_;
}

absl::string_view BlockBuilder::Finish() {
  for (uint32_t r : restarts_) PutFixed32(&buffer_, r);
  PutFixed32(&buffer_, static_cast<uint32_t>(restarts_.size()));
  finished_ = true;
  return buffer_;
}

size_t BlockBuilder::CurrentSizeEstimate() const {
  return buffer_.size() + restarts_.size() * sizeof(uint32_t) + sizeof(uint32_t);
}

}  // namespace rill::io
