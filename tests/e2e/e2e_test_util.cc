#include "tests/e2e/e2e_test_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/status_conversion.h"

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;

void Deadline(grpc::ClientContext* context, int seconds = 30) {
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
}

}  // namespace

std::vector<SampleFile> ReadSamples() {
  std::vector<SampleFile> samples;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/samples")) {
    const std::string path = entry.path().string();
    const bool html = absl::EndsWith(path, ".html");
    if (!entry.is_regular_file() || !(html || absl::EndsWith(path, ".txt"))) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    samples.push_back({path, content.str(), html ? "text/html" : "text/plain"});
  }
  std::sort(samples.begin(), samples.end(),
            [](const SampleFile& a, const SampleFile& b) { return a.path < b.path; });
  return samples;
}

absl::StatusOr<std::vector<std::string>> IngestSamples(Suite& suite,
                                                       const std::vector<SampleFile>& samples) {
  auto stub = suite.IngestStub();
  std::vector<std::string> ids;
  for (const SampleFile& sample : samples) {
    v1::IngestDocumentRequest request;
    request.set_content(sample.content);
    request.set_content_type(sample.content_type);
    request.set_request_id("sample:" + sample.path);
    v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    Deadline(&context);
    grpc::Status status = stub->IngestDocument(&context, request, &response);
    if (!status.ok()) {
      return absl::Status(FromGrpcStatus(status).code(),
                          absl::StrCat(sample.path, ": ", status.error_message()));
    }
    ids.push_back(response.doc_id());
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> SearchAllIds(Suite& suite, const std::string& query) {
  auto stub = suite.QueryStub();
  std::vector<std::string> ids;
  std::string token;
  do {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(1000);
    request.set_page_token(token);
    v1::SearchResponse response;
    grpc::ClientContext context;
    Deadline(&context);
    grpc::Status status = stub->Search(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const v1::SearchHit& hit : response.hits()) ids.push_back(hit.doc_id());
    token = response.next_page_token();
  } while (!token.empty());
  return ids;
}

absl::StatusOr<std::map<std::string, int>> ExtractionFeedUpserts(Suite& suite) {
  auto stub = suite.ExtractionStub();
  grpc::ClientContext context;
  Deadline(&context, 60);
  v1::WatchAnnotationsRequest request;
  auto stream = stub->WatchAnnotations(&context, request);
  stream->WaitForInitialMetadata();
  uint64_t head = 0;
  const auto& metadata = context.GetServerInitialMetadata();
  if (auto it = metadata.find("x-newsgraph-feed-head"); it != metadata.end()) {
    head = std::stoull(std::string(it->second.data(), it->second.size()));
  }
  std::map<std::string, int> upserts;
  v1::AnnotationChange change;
  while (head > 0 && stream->Read(&change)) {
    if (change.kind() == v1::AnnotationChange::UPSERT) ++upserts[change.doc_id()];
    if (change.sequence() >= head) break;
  }
  context.TryCancel();
  stream->Finish();
  return upserts;
}

absl::StatusOr<std::vector<std::string>> ListAllDocumentIds(Suite& suite) {
  auto stub = suite.IngestStub();
  std::vector<std::string> ids;
  std::string token;
  do {
    v1::ListDocumentsRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    Deadline(&context);
    grpc::Status status = stub->ListDocuments(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const v1::Document& doc : response.documents()) ids.push_back(doc.doc_id());
    token = response.next_page_token();
  } while (!token.empty());
  return ids;
}

}  // namespace newsgraph::e2e
