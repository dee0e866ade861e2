#include "common/grpc/server_runner.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/grpc/reflection_service.h"
#include "common/logging/log.h"
#include "common/metrics/rpc_observer.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/support/server_interceptor.h"

namespace newsgraph {
namespace {

absl::Notification& ShutdownNotification() {
  static absl::Notification* notification = new absl::Notification();
  return *notification;
}

// Cancels calls that outlive the default deadline. gRPC C++ cannot give a
// server call a deadline after it arrived, so an interceptor registers each
// call without one here and a timer thread calls TryCancel() when it is due
// (the caller sees CANCELLED). A call leaves the registry when its status is
// sent or its interceptor is destroyed, both under the mutex, so TryCancel()
// never runs on a finished call.
class DeadlineReaper {
 public:
  explicit DeadlineReaper(absl::Duration deadline)
      : deadline_(absl::ToChronoNanoseconds(deadline)), thread_([this] { Run(); }) {}
  ~DeadlineReaper() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  void Register(const void* key, grpc::ServerContextBase* context) {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_[key] = {context, std::chrono::steady_clock::now() + deadline_};
  }
  void Unregister(const void* key) {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.erase(key);
  }

 private:
  struct Call {
    grpc::ServerContextBase* context;
    std::chrono::steady_clock::time_point due;
  };

  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(100));
      const auto now = std::chrono::steady_clock::now();
      for (auto it = calls_.begin(); it != calls_.end();) {
        if (it->second.due <= now) {
          LOG_WARNING << "cancelling a call that sent no deadline after the default deadline";
          it->second.context->TryCancel();
          it = calls_.erase(it);
        } else {
          ++it;
        }
      }
    }
  }

  const std::chrono::nanoseconds deadline_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;              // guarded by mutex_
  std::map<const void*, Call> calls_;  // guarded by mutex_
  std::thread thread_;
};

class DefaultDeadlineInterceptor : public grpc::experimental::Interceptor {
 public:
  DefaultDeadlineInterceptor(grpc::experimental::ServerRpcInfo* info,
                             std::shared_ptr<DeadlineReaper> reaper)
      : info_(info), reaper_(std::move(reaper)) {}
  ~DefaultDeadlineInterceptor() override { reaper_->Unregister(this); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_INITIAL_METADATA)) {
      grpc::ServerContextBase* context = info_->server_context();
      if (context->deadline() == std::chrono::system_clock::time_point::max()) {
        reaper_->Register(this, context);
      }
    }
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) {
      reaper_->Unregister(this);
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* const info_;
  const std::shared_ptr<DeadlineReaper> reaper_;
};

class DefaultDeadlineFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit DefaultDeadlineFactory(absl::Duration deadline)
      : reaper_(std::make_shared<DeadlineReaper>(deadline)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    using Type = grpc::experimental::ServerRpcInfo::Type;
    if (info->type() == Type::SERVER_STREAMING || info->type() == Type::BIDI_STREAMING) {
      return nullptr;
    }
    return new DefaultDeadlineInterceptor(info, reaper_);
  }

 private:
  // Shared with the interceptors: the server may destroy the factory before
  // the last call's interceptor.
  std::shared_ptr<DeadlineReaper> reaper_;
};

}  // namespace

void ServerRunner::BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  // SIGHUP conventionally means "reload" (and its default action would kill
  // the server): certificate, key, CA and token files are re-read at once.
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // The only thread that receives them; it outlives main's work and is
  // detached so that a normal exit does not wait for it.
  std::thread([signals]() {
    while (true) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP) {
        LOG_INFO << "received SIGHUP: reloading certificates, keys and tokens";
        // Failures are logged and keep the previous material.
        (void)ReloadSecurityFiles();
        continue;
      }
      LOG_INFO << "received signal " << received << ", shutting down";
      RequestShutdown();
      return;
    }
  }).detach();
}

void ServerRunner::RequestShutdown() {
  if (!ShutdownNotification().HasBeenNotified()) ShutdownNotification().Notify();
}

ServerRunner::ServerRunner(ServerOptions options) : options_(std::move(options)) {}

ServerRunner::~ServerRunner() { Shutdown(); }

void ServerRunner::AddService(grpc::Service* service, const std::string& full_name) {
  services_.emplace_back(service, full_name);
}

absl::Status ServerRunner::Start() {
  std::shared_ptr<grpc::ServerCredentials> credentials = options_.credentials;
  if (credentials == nullptr) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> made =
        MakeServerCredentials(options_.security);
    if (!made.ok()) return made.status();
    credentials = *std::move(made);
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen_address, credentials, &port_);
  builder.SetMaxReceiveMessageSize(options_.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_send_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options_.max_concurrent_streams);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  // First, so that it times and counts everything the others do.
  creators.push_back(MakeRpcObserverFactory({options_.metrics, options_.access_log}));
  if (options_.default_deadline > absl::ZeroDuration()) {
    creators.push_back(std::make_unique<DefaultDeadlineFactory>(options_.default_deadline));
  }
  builder.experimental().SetInterceptorCreators(std::move(creators));
  std::vector<std::string> names;
  for (auto& [service, name] : services_) {
    builder.RegisterService(service);
    names.push_back(name);
  }
  names.push_back("grpc.health.v1.Health");
  reflection_services_ = MakeReflectionServices(names);
  for (auto& service : reflection_services_) builder.RegisterService(service.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen_address,
                     " (address in use or not available?)"));
  }
  SetServing(false);
  server_->GetHealthCheckService()->SetServingStatus("", true);
  if (!options_.port_file.empty()) {
    // Written to a temporary name and renamed, so readers never see a
    // partial number.
    const std::string temporary = options_.port_file + ".tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "w");
    if (file == nullptr || std::fprintf(file, "%d\n", port_) < 0 || std::fclose(file) != 0 ||
        std::rename(temporary.c_str(), options_.port_file.c_str()) != 0) {
      return absl::UnavailableError(absl::StrCat("cannot write port file ", options_.port_file));
    }
  }
  const ServerSecurityOptions& security = options_.security;
  LOG_INFO << "listening on " << options_.listen_address << " (port " << port_ << ", "
           << (options_.credentials != nullptr ? "caller-supplied credentials"
               : security.cert_file.empty()    ? "plaintext"
               : security.client_ca_file.empty() ? "TLS"
                                                 : "mutual TLS")
           << (security.tokens_file.empty() ? "" : ", bearer tokens required") << ")";
  return absl::OkStatus();
}

void ServerRunner::SetServing(bool serving) {
  if (server_ == nullptr) return;
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  for (auto& [service, name] : services_) health->SetServingStatus(name, serving);
}

void ServerRunner::WaitForShutdownSignal() { ShutdownNotification().WaitForNotification(); }

bool ServerRunner::ShutdownRequested() const {
  return ShutdownNotification().HasBeenNotified();
}

void ServerRunner::Shutdown() {
  if (server_ == nullptr || shut_down_) return;
  shut_down_ = true;
  SetServing(false);
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->SetServingStatus("", false);
  }
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->Shutdown();
  }
  const absl::Time deadline = absl::Now() + options_.shutdown_deadline;
  server_->Shutdown(absl::ToChronoTime(deadline));
  server_->Wait();
  LOG_INFO << "server stopped";
}

}  // namespace newsgraph
