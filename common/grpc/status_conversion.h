// The one place absl::Status becomes grpc::Status (and back). Only the
// services' grpc/ layers include this.
#ifndef NEWSGRAPH_COMMON_GRPC_STATUS_CONVERSION_H_
#define NEWSGRAPH_COMMON_GRPC_STATUS_CONVERSION_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace newsgraph {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_STATUS_CONVERSION_H_
