#include "common/metrics/rpc_observer.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/logging/log.h"
#include "grpcpp/grpcpp.h"

namespace newsgraph {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr int kCodeCount = 17;  // OK .. UNAUTHENTICATED

const char* CodeName(int code) {
  static constexpr const char* kNames[kCodeCount] = {
      "OK",        "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  return code >= 0 && code < kCodeCount ? kNames[code] : "UNKNOWN";
}

bool AcceptableRequestId(grpc::string_ref id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = generator();
  std::string id(16, '0');
  for (char& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

// One method's series, looked up once per method and then reused.
struct MethodMetrics {
  std::string name;  // without the leading slash
  Counter* started = nullptr;
  Gauge* in_flight = nullptr;
  Histogram* latency = nullptr;
  CounterFamily* handled_family = nullptr;
  std::array<std::atomic<Counter*>, kCodeCount> handled{};

  Counter* Handled(int code) {
    if (code < 0 || code >= kCodeCount) code = 2;  // UNKNOWN
    Counter* counter = handled[code].load(std::memory_order_acquire);
    if (counter == nullptr) {
      counter = handled_family->WithLabels({name, CodeName(code)});
      handled[code].store(counter, std::memory_order_release);
    }
    return counter;
  }
};

// The families and per-method series, shared by the factory and every call's
// interceptor: gRPC may destroy the factory before the last interceptor.
class ObserverState {
 public:
  explicit ObserverState(const RpcObserverOptions& options) : access_log_(options.access_log) {
    if (options.metrics == nullptr) return;
    MetricsRegistry& registry = *options.metrics;
    started_ = registry.AddCounter("newsgraph_grpc_server_started_total",
                                   "RPCs started on the server, by method.", {"method"});
    handled_ = registry.AddCounter("newsgraph_grpc_server_handled_total",
                                   "RPCs completed on the server, by method and status code.",
                                   {"method", "code"});
    latency_ = registry.AddHistogram(
        "newsgraph_grpc_server_handling_seconds",
        "Time from a call's arrival to its status, by method (streams: their whole life).",
        {"method"}, DefaultLatencyBuckets());
    in_flight_ = registry.AddGauge("newsgraph_grpc_server_in_flight",
                                   "RPCs being handled now, by method.", {"method"});
  }

  bool access_log() const { return access_log_; }

  // nullptr when no registry was given.
  MethodMetrics* ForMethod(const char* method) {
    if (started_ == nullptr || method == nullptr) return nullptr;
    {
      absl::ReaderMutexLock lock(&mutex_);
      auto it = methods_.find(method);
      if (it != methods_.end()) return it->second.get();
    }
    absl::MutexLock lock(&mutex_);
    std::unique_ptr<MethodMetrics>& slot = methods_[method];
    if (slot == nullptr) {
      slot = std::make_unique<MethodMetrics>();
      slot->name = method[0] == '/' ? method + 1 : method;
      slot->started = started_->WithLabels({slot->name});
      slot->in_flight = in_flight_->WithLabels({slot->name});
      slot->latency = latency_->WithLabels({slot->name});
      slot->handled_family = handled_;
    }
    return slot.get();
  }

 private:
  const bool access_log_;
  CounterFamily* started_ = nullptr;
  CounterFamily* handled_ = nullptr;
  HistogramFamily* latency_ = nullptr;
  GaugeFamily* in_flight_ = nullptr;
  absl::Mutex mutex_;
  // Keyed by the method name's address: gRPC passes each registered
  // method's own string, so the lookup hashes a pointer, not a name.
  absl::flat_hash_map<const char*, std::unique_ptr<MethodMetrics>> methods_
      ABSL_GUARDED_BY(mutex_);
};

class RpcObserver : public grpc::experimental::Interceptor {
 public:
  RpcObserver(grpc::experimental::ServerRpcInfo* info, std::shared_ptr<ObserverState> state)
      : info_(info),
        method_(info->method() != nullptr ? info->method() : "/unknown"),
        state_(std::move(state)),
        access_log_(state_->access_log() && !IsHealthCheck(method_)),
        metrics_(state_->ForMethod(info->method())),
        start_(std::chrono::steady_clock::now()) {
    if (metrics_ != nullptr) {
      metrics_->started->Increment();
      metrics_->in_flight->Add(1);
    }
  }

  ~RpcObserver() override {
    // A call that ended without sending a status (the caller went away).
    if (!finished_) Finish(grpc::StatusCode::CANCELLED, "call ended without a status");
    if (!request_id_.empty() && ThreadRequestId() == request_id_) SetThreadRequestId("");
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* received = methods->GetRecvInitialMetadata();
      auto it = received->find(kRequestIdMetadataKey);
      if (it != received->end() && AcceptableRequestId(it->second)) {
        request_id_.assign(it->second.data(), it->second.size());
      } else {
        request_id_ = NewRequestId();
      }
      // Sync handlers run on the thread that runs this hook.
      SetThreadRequestId(request_id_);
      if (access_log_) peer_ = info_->server_context()->peer();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !request_id_.empty()) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdMetadataKey, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        !finished_) {
      const grpc::Status status = methods->GetSendStatus();
      Finish(status.error_code(), status.error_message());
      if (ThreadRequestId() == request_id_) SetThreadRequestId("");
    }
    methods->Proceed();
  }

 private:
  static bool IsHealthCheck(const char* method) {
    return method != nullptr && std::strncmp(method, "/grpc.health.v1.Health/", 23) == 0;
  }

  void Finish(grpc::StatusCode code, const std::string& message) {
    finished_ = true;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (metrics_ != nullptr) {
      metrics_->Handled(static_cast<int>(code))->Increment();
      metrics_->latency->Observe(seconds);
      metrics_->in_flight->Add(-1);
    }
    if (!access_log_ || !LogLevelEnabled(LogLevel::kInfo)) return;
    const char* method = method_[0] == '/' ? method_ + 1 : method_;
    const char* code_name = CodeName(static_cast<int>(code));
    const double ms = seconds * 1000;
    LogMessage line(LogLevel::kInfo, __FILE__, __LINE__);
    line.SetRequestId(request_id_);
    line.AddField("method", method).AddField("code", code_name).AddField("latency_ms", ms);
    line.AddField("peer", peer_);
    if (code != grpc::StatusCode::OK) line.AddField("error", message);
    line.stream() << "rpc " << method << " " << code_name << " " << ms << " ms";
  }

  grpc::experimental::ServerRpcInfo* const info_;  // not used once the call ends
  const char* const method_;  // gRPC's string for the method; outlives the call
  const std::shared_ptr<ObserverState> state_;
  const bool access_log_;
  MethodMetrics* const metrics_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  std::string peer_;
  bool finished_ = false;
};

class RpcObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcObserverFactory(const RpcObserverOptions& options)
      : state_(std::make_shared<ObserverState>(options)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcObserver(info, state_);
  }

 private:
  std::shared_ptr<ObserverState> state_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcObserverFactory(
    const RpcObserverOptions& options) {
  return std::make_unique<RpcObserverFactory>(options);
}

}  // namespace newsgraph
