// Internal-invariant checks. Never use these on user input: bad input must become an absl::Status.
#ifndef RILL_BASE_CHECK_H_
#define RILL_BASE_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace rill::internal {

[[noreturn]] inline void CheckFailed(const char* file, int line, const char* condition,
                                     const char* message) {
  std::fprintf(stderr, "%s:%d: rill internal invariant failed: %s%s%s\n", file, line, condition,
               message[0] != '\0' ? ": " : "", message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace rill::internal

// RILL_CHECK(cond) / RILL_CHECK(cond, "why"): aborts with file, line and condition when a
// guarantee the code itself makes is broken (a bug in rill, not in the caller's data).
#define RILL_CHECK(cond, ...)                                                         \
  do {                                                                                \
    if (__builtin_expect(!(cond), 0))                                                 \
      ::rill::internal::CheckFailed(__FILE__, __LINE__, #cond, "" __VA_ARGS__);       \
  } while (false)

// RILL_DCHECK: as RILL_CHECK in debug and sanitizer builds, compiled out (but type-checked) in opt.
#ifdef NDEBUG
#define RILL_DCHECK(cond, ...) \
  do {                         \
    if (false) (void)(cond);   \
  } while (false)
#else
#define RILL_DCHECK(cond, ...) RILL_CHECK(cond, __VA_ARGS__)
#endif

#endif  // RILL_BASE_CHECK_H_
