// Status helpers that Debian's Abseil (20220623) does not ship: RETURN_IF_ERROR
// and ASSIGN_OR_RETURN. Everything in newsgraph that can fail returns
// absl::Status or absl::StatusOr<T>; these macros keep the early returns short.
//
//   RETURN_IF_ERROR(store.Write(batch));
//   ASSIGN_OR_RETURN(Document doc, store.Get(id));
#ifndef NEWSGRAPH_COMMON_STATUS_STATUS_MACROS_H_
#define NEWSGRAPH_COMMON_STATUS_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define NEWSGRAPH_CONCAT_INNER_(a, b) a##b
#define NEWSGRAPH_CONCAT_(a, b) NEWSGRAPH_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing
// function when it is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    const ::absl::Status _newsgraph_status = (expr); \
    if (!_newsgraph_status.ok()) {                   \
      return _newsgraph_status;                      \
    }                                                \
  } while (0)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status when not OK,
// otherwise moves the value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, rexpr)                                         \
  ASSIGN_OR_RETURN_IMPL_(NEWSGRAPH_CONCAT_(_newsgraph_statusor_, __LINE__), \
                         lhs, rexpr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) {                              \
    return std::move(statusor).status();             \
  }                                                  \
  lhs = std::move(statusor).value()

#endif  // NEWSGRAPH_COMMON_STATUS_STATUS_MACROS_H_
