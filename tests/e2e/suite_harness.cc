#include "tests/e2e/suite_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"

namespace newsgraph::e2e {

std::string SourceDir() { return NEWSGRAPH_SOURCE_DIR; }
std::string BinaryDir() { return NEWSGRAPH_BINARY_DIR; }

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

ServerProcess::ServerProcess(std::string name, std::string binary, std::vector<std::string> args,
                             std::string port_file, std::string log_file)
    : name_(std::move(name)),
      binary_(std::move(binary)),
      args_(std::move(args)),
      port_file_(std::move(port_file)),
      log_file_(std::move(log_file)) {}

ServerProcess::~ServerProcess() {
  if (running()) Stop();
}

absl::Status ServerProcess::Start() {
  unlink(port_file_.c_str());
  std::vector<std::string> argv_storage = {binary_};
  argv_storage.insert(argv_storage.end(), args_.begin(), args_.end());
  argv_storage.push_back("--port_file=" + port_file_);
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int log = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    // The child must not inherit the test's blocked signal mask.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file_);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = port;
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(absl::StrCat(name_, " exited during start; see ", log_file_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill();
  return absl::DeadlineExceededError(absl::StrCat(name_, " did not start within 30 s"));
}

int ServerProcess::Stop() {
  if (!running()) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return -1;
}

void ServerProcess::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

Suite::Suite() {
  const std::string bin = BinaryDir() + "/services";
  const std::string root = dir_.path();
  const int ingest_port = PickFreePort();
  const int extraction_port = PickFreePort();
  const int query_port = PickFreePort();
  auto address = [](int port) { return absl::StrCat("127.0.0.1:", port); };
  ingest_ = std::make_unique<ServerProcess>(
      "ingest", bin + "/ingest/server/newsgraph-ingest",
      std::vector<std::string>{"--listen=" + address(ingest_port), "--data_dir=" + root + "/ingest",
                               "--max_document_bytes=1048576", "--shutdown_deadline_ms=3000"},
      root + "/ingest.port", root + "/ingest.log");
  extraction_ = std::make_unique<ServerProcess>(
      "extraction", bin + "/extraction/server/newsgraph-extraction",
      std::vector<std::string>{"--listen=" + address(extraction_port),
                               "--data_dir=" + root + "/extraction",
                               "--upstream=" + address(ingest_port),
                               "--model=" + SourceDir() + "/models/ner-en-news.bin",
                               "--aliases=" + SourceDir() + "/models/aliases.tsv",
                               "--shutdown_deadline_ms=3000"},
      root + "/extraction.port", root + "/extraction.log");
  query_ = std::make_unique<ServerProcess>(
      "query", bin + "/query/server/newsgraph-query",
      std::vector<std::string>{"--listen=" + address(query_port), "--data_dir=" + root + "/query",
                               "--upstream=" + address(extraction_port),
                               "--shutdown_deadline_ms=3000"},
      root + "/query.port", root + "/query.log");
}

Suite::~Suite() { StopAll(); }

absl::Status Suite::StartAll() {
  for (ServerProcess* process : {ingest_.get(), extraction_.get(), query_.get()}) {
    absl::Status status = process->Start();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void Suite::StopAll() {
  // Downstream first, so that nobody logs reconnect noise.
  for (ServerProcess* process : {query_.get(), extraction_.get(), ingest_.get()}) {
    if (process != nullptr && process->running()) process->Stop();
  }
}

absl::Status Suite::Restart(ServerProcess& process) {
  if (process.running()) process.Stop();
  return process.Start();
}

std::unique_ptr<newsgraph::v1::IngestService::Stub> Suite::IngestStub() {
  return newsgraph::v1::IngestService::NewStub(
      grpc::CreateChannel(ingest_->address(), grpc::InsecureChannelCredentials()));
}
std::unique_ptr<newsgraph::v1::ExtractionService::Stub> Suite::ExtractionStub() {
  return newsgraph::v1::ExtractionService::NewStub(
      grpc::CreateChannel(extraction_->address(), grpc::InsecureChannelCredentials()));
}
std::unique_ptr<newsgraph::v1::QueryService::Stub> Suite::QueryStub() {
  return newsgraph::v1::QueryService::NewStub(
      grpc::CreateChannel(query_->address(), grpc::InsecureChannelCredentials()));
}

bool Suite::WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

int64_t Suite::QueryDocumentCount() {
  auto stub = QueryStub();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  newsgraph::v1::Stats stats;
  if (!stub->GetStats(&context, newsgraph::v1::GetStatsRequest(), &stats).ok()) return -1;
  return static_cast<int64_t>(stats.document_count());
}

}  // namespace newsgraph::e2e
