// newsgraph-cli: a small client for people and scripts.
//
//   newsgraph-cli ingest   --ingest=127.0.0.1:50051 samples/*.txt samples/*.html
//   newsgraph-cli generate --ingest=127.0.0.1:50051 --count=1000 --seed=7
//   newsgraph-cli wait     --query=127.0.0.1:50053 --docs=14 --timeout_s=60
//   newsgraph-cli search   --query=127.0.0.1:50053 "hospital Shymkent"
//   newsgraph-cli entities --extraction=127.0.0.1:50052 --type=PERSON
//   newsgraph-cli profile  --query=127.0.0.1:50053 "Astana"
//   newsgraph-cli quotes   --query=127.0.0.1:50053 --speaker="..."
//   newsgraph-cli stats    --query=127.0.0.1:50053
//
// Responses print as JSON (proto3 JSON mapping), one message per line with
// --compact.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "newsgraph/v1/extraction.grpc.pb.h"
#include "newsgraph/v1/ingest.grpc.pb.h"
#include "newsgraph/v1/query.grpc.pb.h"
#include "tools/gen_articles/article_generator.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "ingest service address");
ABSL_FLAG(std::string, extraction, "127.0.0.1:50052", "extraction service address");
ABSL_FLAG(std::string, query, "127.0.0.1:50053", "query service address");
ABSL_FLAG(bool, compact, false, "print one JSON object per line");
ABSL_FLAG(int, page_size, 10, "results per page");
ABSL_FLAG(std::string, type, "", "entity type filter (PERSON, ORG, LOCATION)");
ABSL_FLAG(std::string, speaker, "", "quotes: speaker id or name");
ABSL_FLAG(int64_t, docs, 0, "wait: documents the query service must have");
ABSL_FLAG(int, timeout_s, 60, "wait / RPC timeout in seconds");
ABSL_FLAG(int, count, 100, "generate: number of articles");
ABSL_FLAG(int, seed, 1, "generate: generator seed");
ABSL_FLAG(int, batch, 200, "generate: articles per BulkIngest stream");

namespace v1 = newsgraph::v1;

namespace {

void Print(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !absl::GetFlag(FLAGS_compact);
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::cout << json << (absl::GetFlag(FLAGS_compact) ? "\n" : "");
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s)));
}

int Fail(const grpc::Status& status) {
  std::cerr << "error: " << status.error_code() << " " << status.error_message() << "\n";
  return 1;
}

int Ingest(const std::vector<std::string>& files) {
  auto stub = v1::IngestService::NewStub(Channel(absl::GetFlag(FLAGS_ingest)));
  int failures = 0;
  for (const std::string& path : files) {
    if (absl::EndsWith(path, ".json")) continue;  // gold annotations beside samples
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << path << ": cannot read\n";
      ++failures;
      continue;
    }
    std::stringstream content;
    content << in.rdbuf();
    v1::IngestDocumentRequest request;
    request.set_content(content.str());
    request.set_content_type(absl::EndsWith(path, ".html") || absl::EndsWith(path, ".htm")
                                 ? "text/html"
                                 : "text/plain");
    // The file's path makes re-running the same ingest idempotent.
    request.set_request_id(absl::StrCat("file:", path));
    v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    SetDeadline(&context);
    grpc::Status status = stub->IngestDocument(&context, request, &response);
    if (!status.ok()) {
      std::cerr << path << ": " << status.error_code() << " " << status.error_message() << "\n";
      ++failures;
      continue;
    }
    std::cout << path << " -> " << response.doc_id() << " "
              << v1::IngestOutcome_Name(response.outcome())
              << (response.near_duplicate_of().empty()
                      ? ""
                      : " (near duplicate of " + response.near_duplicate_of() + ")")
              << " \"" << response.title() << "\" " << response.published_date() << " "
              << response.source() << "\n";
  }
  return failures == 0 ? 0 : 1;
}

int Generate() {
  newsgraph::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  auto generator = newsgraph::ArticleGenerator::Create(options);
  if (!generator.ok()) {
    std::cerr << generator.status() << "\n";
    return 1;
  }
  auto stub = v1::IngestService::NewStub(Channel(absl::GetFlag(FLAGS_ingest)));
  const int count = absl::GetFlag(FLAGS_count);
  const int batch = std::max(1, absl::GetFlag(FLAGS_batch));
  int sent = 0, failed = 0;
  while (sent < count) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::BulkIngestResponse response;
    auto writer = stub->BulkIngest(&context, &response);
    for (int i = 0; i < batch && sent < count; ++i, ++sent) {
      newsgraph::GeneratedArticle article = generator->Next();
      v1::IngestDocumentRequest request;
      request.set_content(article.text);
      request.set_content_type(article.content_type);
      request.set_url(article.url);
      request.set_request_id(absl::StrCat("gen:", options.seed, ":", sent));
      if (!writer->Write(request)) break;
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) return Fail(status);
    failed += response.failed();
  }
  std::cout << "generated " << sent << " articles, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

int Wait() {
  auto stub = v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s));
  uint64_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::Stats stats;
    if (stub->GetStats(&context, v1::GetStatsRequest(), &stats).ok()) {
      seen = stats.document_count();
      if (static_cast<int64_t>(seen) >= absl::GetFlag(FLAGS_docs)) {
        std::cout << "query service has " << seen << " documents\n";
        return 0;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::cerr << "timed out: query service has " << seen << " of " << absl::GetFlag(FLAGS_docs)
            << " documents\n";
  return 1;
}

int Search(const std::string& query) {
  auto stub = v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  v1::SearchRequest request;
  request.set_query(query);
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  v1::SearchResponse response;
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::Status status = stub->Search(&context, request, &response);
  if (!status.ok()) return Fail(status);
  Print(response);
  return 0;
}

int Entities() {
  auto stub = v1::ExtractionService::NewStub(Channel(absl::GetFlag(FLAGS_extraction)));
  v1::ListEntitiesRequest request;
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  if (!absl::GetFlag(FLAGS_type).empty()) {
    v1::EntityType type;
    if (!v1::EntityType_Parse(absl::GetFlag(FLAGS_type), &type)) {
      std::cerr << "--type: unknown entity type\n";
      return 2;
    }
    request.set_type(type);
  }
  v1::ListEntitiesResponse response;
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::Status status = stub->ListEntities(&context, request, &response);
  if (!status.ok()) return Fail(status);
  Print(response);
  return 0;
}

int Profile(const std::string& entity) {
  auto stub = v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  v1::GetEntityProfileRequest request;
  request.set_entity(entity);
  v1::EntityProfile response;
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::Status status = stub->GetEntityProfile(&context, request, &response);
  if (!status.ok()) return Fail(status);
  Print(response);
  return 0;
}

int Quotes(const std::string& text) {
  auto stub = v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  v1::SearchQuotesRequest request;
  request.set_speaker(absl::GetFlag(FLAGS_speaker));
  request.set_text(text);
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  v1::SearchQuotesResponse response;
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::Status status = stub->SearchQuotes(&context, request, &response);
  if (!status.ok()) return Fail(status);
  Print(response);
  return 0;
}

int Stats() {
  auto stub = v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  v1::Stats response;
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::Status status = stub->GetStats(&context, v1::GetStatsRequest(), &response);
  if (!status.ok()) return Fail(status);
  Print(response);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "newsgraph-cli COMMAND [flags] [args]\n"
      "commands: ingest FILES... | generate | wait | search QUERY | entities |\n"
      "          profile ENTITY | quotes [WORDS] | stats");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  const std::string command = positional[1];
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  std::string joined;
  for (const std::string& arg : args) absl::StrAppend(&joined, joined.empty() ? "" : " ", arg);
  if (command == "ingest") return Ingest(args);
  if (command == "generate") return Generate();
  if (command == "wait") return Wait();
  if (command == "search") return Search(joined);
  if (command == "entities") return Entities();
  if (command == "profile") return Profile(joined);
  if (command == "quotes") return Quotes(joined);
  if (command == "stats") return Stats();
  std::cerr << "unknown command: " << command << "\n" << absl::ProgramUsageMessage() << "\n";
  return 2;
}
