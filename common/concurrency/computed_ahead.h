// ComputedAhead<T>: computes items 0..n-1 of a sequence on a helper thread,
// in order, while the caller consumes them in the same order; Get(i) waits
// until item i is done. For a pure per-item step that precedes a stateful
// one on a single writer thread: the query index prepares a catching-up
// batch's documents (tokens, encoded records) this way while its writer
// accumulates postings, so the machine's second core does part of the work
// (docs/BENCHMARKS.md).
//
// `compute(i, &item)` runs on the helper thread and must not touch what the
// caller changes meanwhile. Destroying the object stops the helper after the
// item it is on (a caller that fails part way need not wait for the rest).
//
// Example:
//   ComputedAhead<Words> ahead(texts.size(), [&](size_t i, Words* out) {
//     Tokenize(texts[i], out);
//   });
//   for (size_t i = 0; i < texts.size(); ++i) Index(ahead.Get(i));
#ifndef NEWSGRAPH_COMMON_CONCURRENCY_COMPUTED_AHEAD_H_
#define NEWSGRAPH_COMMON_CONCURRENCY_COMPUTED_AHEAD_H_

#include <cstddef>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace newsgraph {

template <typename T>
class ComputedAhead {
 public:
  ComputedAhead(size_t count, std::function<void(size_t index, T* item)> compute)
      : compute_(std::move(compute)), items_(count), thread_([this] { Run(); }) {}
  ~ComputedAhead() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    thread_.join();
  }
  ComputedAhead(const ComputedAhead&) = delete;
  ComputedAhead& operator=(const ComputedAhead&) = delete;

  size_t size() const { return items_.size(); }

  // Item `index` once computed (REQUIRES: index < size()). The reference
  // stays valid while this object lives; the helper never touches a
  // computed item again.
  const T& Get(size_t index) {
    struct Wait {
      const size_t* done;
      size_t index;
      static bool Ready(Wait* wait) { return *wait->done > wait->index; }
    };
    absl::MutexLock lock(&mu_);
    Wait wait{&done_, index};
    mu_.Await(absl::Condition(&Wait::Ready, &wait));
    return items_[index];
  }

 private:
  void Run() {
    for (size_t i = 0; i < items_.size(); ++i) {
      {
        absl::MutexLock lock(&mu_);
        if (stop_) return;
      }
      compute_(i, &items_[i]);
      absl::MutexLock lock(&mu_);
      done_ = i + 1;
    }
  }

  const std::function<void(size_t, T*)> compute_;
  std::vector<T> items_;
  absl::Mutex mu_;
  size_t done_ ABSL_GUARDED_BY(mu_) = 0;  // items_[0, done_) are computed
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_CONCURRENCY_COMPUTED_AHEAD_H_
