// gRPC server reflection, served under both protocol versions:
// grpc.reflection.v1 (what current grpcurl, grpcui and Postman ask first)
// and grpc.reflection.v1alpha (what gRPC 1.51 and older clients use).
//
// The two protocols differ only in their package name, so one template
// implements both over the generated descriptor pool. (gRPC 1.51's own
// reflection library is not linked: it registers the v1alpha descriptors a
// second time.)
#ifndef NEWSGRAPH_COMMON_GRPC_REFLECTION_SERVICE_H_
#define NEWSGRAPH_COMMON_GRPC_REFLECTION_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"

namespace newsgraph {

// Both reflection services for a server exposing `service_names` (full
// names, e.g. "newsgraph.v1.IngestService"). Register each returned service
// with the ServerBuilder; they must outlive the server.
std::vector<std::unique_ptr<grpc::Service>> MakeReflectionServices(
    std::vector<std::string> service_names);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_REFLECTION_SERVICE_H_
