// Test harness that runs the real server binaries as child processes on
// ephemeral loopback ports, each with its own RocksDB folder in a unique
// temporary directory, and gives tests gRPC stubs to them. Processes are
// stopped by PID (SIGTERM, or SIGKILL for crash tests) and always reaped.
#ifndef NEWSGRAPH_TESTS_E2E_SUITE_HARNESS_H_
#define NEWSGRAPH_TESTS_E2E_SUITE_HARNESS_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/testing/temp_dir.h"
#include "newsgraph/v1/extraction.grpc.pb.h"
#include "newsgraph/v1/ingest.grpc.pb.h"
#include "newsgraph/v1/query.grpc.pb.h"

namespace newsgraph::e2e {

// One server process.
class ServerProcess {
 public:
  ServerProcess(std::string name, std::string binary, std::vector<std::string> args,
                std::string port_file, std::string log_file);
  ~ServerProcess();

  // Starts the process and waits (bounded) until it wrote its port file.
  absl::Status Start();
  // SIGTERM and wait for a clean exit (bounded; SIGKILL after the bound).
  // Returns the exit status, -1 if it had to be killed.
  int Stop();
  // SIGKILL: a crash.
  void Kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& log_file() const { return log_file_; }

 private:
  std::string name_, binary_;
  std::vector<std::string> args_;
  std::string port_file_, log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The three services wired together in one temporary folder.
class Suite {
 public:
  Suite();
  ~Suite();

  absl::Status StartAll();
  void StopAll();

  ServerProcess& ingest() { return *ingest_; }
  ServerProcess& extraction() { return *extraction_; }
  ServerProcess& query() { return *query_; }

  // Restarts a service with the same data folder and the same port, so that
  // its downstream reconnects to it.
  absl::Status Restart(ServerProcess& process);

  std::unique_ptr<newsgraph::v1::IngestService::Stub> IngestStub();
  std::unique_ptr<newsgraph::v1::ExtractionService::Stub> ExtractionStub();
  std::unique_ptr<newsgraph::v1::QueryService::Stub> QueryStub();

  // Polls `done` every 100 ms until it returns true or `timeout` passes.
  static bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout);

  // Query's GetStats().document_count, or -1 when it does not answer.
  int64_t QueryDocumentCount();

  const std::string& root() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::unique_ptr<ServerProcess> ingest_, extraction_, query_;
};

// Picks a free loopback port (bind to port 0, read it, close).
int PickFreePort();

// The repository root (compile definition) and the build's binary folder.
std::string SourceDir();
std::string BinaryDir();

}  // namespace newsgraph::e2e

#endif  // NEWSGRAPH_TESTS_E2E_SUITE_HARNESS_H_
