#include "common/metrics/metrics_exporter.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "civetweb.h"
#include "common/logging/log.h"

namespace newsgraph {
namespace {

constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// While Start() runs on a thread, civetweb's messages are collected here for
// its error (they name the cause, e.g. "cannot bind to ...: Address
// already in use").
thread_local std::string* start_messages = nullptr;

// civetweb's own diagnostics go to our log instead of its stderr format.
int LogCivetwebMessage(const mg_connection*, const char* message) {
  if (start_messages != nullptr) {
    if (!start_messages->empty()) start_messages->append("; ");
    start_messages->append(message);
    return 1;
  }
  LOG_WARNING << "metrics http: " << message;
  return 1;
}

// "host:port" -> civetweb's listening_ports syntax ("host:port", "[v6]:port"
// or "port" for every interface). The port must be a number in 0..65535.
absl::StatusOr<std::string> CivetwebPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(address).substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics listen address \"", address, "\": expected host:port"));
  }
  const std::string host = address.substr(0, colon);
  if (host.empty()) return std::to_string(port);
  constexpr unsigned kIpv6Feature = 8;  // see mg_check_feature
  if (host.front() == '[' && mg_check_feature(kIpv6Feature) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics listen address \"", address,
        "\": this civetweb has no IPv6; use 0.0.0.0:PORT or :PORT"));
  }
  return address;
}

// Connects to (and at once disconnects from) the listening socket. civetweb's
// accept loop polls with a 2 s timeout and only then sees that mg_stop()
// asked it to end; a connection wakes it at once.
void Knock(const std::string& host, int port) {
  sockaddr_storage address{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v6);
  } else {
    return;
  }
  const int fd = socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return;
  (void)connect(fd, reinterpret_cast<sockaddr*>(&address), length);
  close(fd);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsExporter>> MetricsExporter::Start(
    const std::string& listen_address, const MetricsRegistry* registry) {
  absl::StatusOr<std::string> ports = CivetwebPort(listen_address);
  if (!ports.ok()) return ports.status();
  static std::once_flag init_once;
  std::call_once(init_once, [] { mg_init_library(0); });

  std::unique_ptr<MetricsExporter> exporter(new MetricsExporter(registry));
  const char* options[] = {"listening_ports", ports->c_str(),
                           "num_threads", "2",
                           "enable_keep_alive", "no",
                           "request_timeout_ms", "10000",
                           nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = &LogCivetwebMessage;
  mg_init_data init;
  std::memset(&init, 0, sizeof(init));
  init.callbacks = &callbacks;
  init.user_data = exporter.get();
  init.configuration_options = options;
  char error_text[256] = "";
  unsigned error_code = 0;
  mg_error_data error;
  std::memset(&error, 0, sizeof(error));
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof(error_text);
  std::string messages;
  start_messages = &messages;
  exporter->context_ = mg_start2(&init, &error);
  start_messages = nullptr;
  if (exporter->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen_address, ": ",
                     !messages.empty()          ? messages
                     : error_text[0] != '\0' ? std::string(error_text)
                                               : std::string("unknown error")));
  }
  // Every path goes through one handler, which answers 404 itself, so
  // civetweb never looks for files to serve.
  mg_set_request_handler(exporter->context_, "**", &MetricsExporter::HandleRequest,
                         exporter.get());
  mg_server_port bound[4];
  std::memset(bound, 0, sizeof(bound));
  if (mg_get_server_ports(exporter->context_, 4, bound) < 1) {
    return absl::InternalError(absl::StrCat("metrics on ", listen_address, ": no bound port"));
  }
  exporter->port_ = bound[0].port;
  // Where Knock() reaches the listener: loopback for the wildcard addresses.
  std::string host = listen_address.substr(0, listen_address.rfind(':'));
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  exporter->wake_host_ = host;
  LOG_INFO << "metrics on http://" << listen_address << "/metrics (port " << exporter->port_
           << ")";
  return exporter;
}

MetricsExporter::~MetricsExporter() {
  if (context_ == nullptr) return;
  std::atomic<bool> stopped{false};
  std::thread stopper([this, &stopped] {
    mg_stop(context_);
    stopped.store(true);
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!stopped.load() && std::chrono::steady_clock::now() < give_up) {
    Knock(wake_host_, port_);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stopper.join();
}

int MetricsExporter::HandleRequest(mg_connection* connection, void* self) {
  const mg_request_info* request = mg_get_request_info(connection);
  const bool metrics_path =
      request->local_uri != nullptr && std::strcmp(request->local_uri, "/metrics") == 0;
  if (!metrics_path) {
    mg_send_http_error(connection, 404, "%s", "not found: metrics are served at /metrics\n");
    return 404;
  }
  const bool head = std::strcmp(request->request_method, "HEAD") == 0;
  if (!head && std::strcmp(request->request_method, "GET") != 0) {
    mg_send_http_error(connection, 405, "%s", "only GET /metrics\n");
    return 405;
  }
  const std::string body = static_cast<MetricsExporter*>(self)->registry_->Render();
  mg_send_http_ok(connection, kContentType, static_cast<long long>(body.size()));
  if (!head) mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace newsgraph
