// Crash safety through the real binaries: kill -9 a downstream service while
// 2,000 generated articles stream through, restart it, and check that every
// document is annotated exactly once and searchable exactly once. Ingest keeps
// accepting while its downstream is down.
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/status/status_matchers.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_test_util.h"
#include "tools/gen_articles/article_generator.h"

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;

constexpr int kArticles = 2000;
constexpr int kBatch = 100;

class CrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashTest, KilledServiceLosesAndDoublesNothing) {
  Suite suite;
  ASSERT_THAT(suite.StartAll(), IsOk());
  ServerProcess& victim = GetParam() == "extraction" ? suite.extraction() : suite.query();

  GeneratorOptions options;
  options.seed = 2024;
  ASSERT_OK_AND_ASSIGN(ArticleGenerator generator, ArticleGenerator::Create(options));
  std::atomic<int> sent{0};
  std::atomic<int> failures{0};
  std::atomic<bool> stop{false};
  std::thread producer([&] {
    auto stub = suite.IngestStub();
    while (sent < kArticles && !stop) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
      v1::BulkIngestResponse response;
      auto writer = stub->BulkIngest(&context, &response);
      const int first = sent;
      for (int i = first; i < first + kBatch && i < kArticles; ++i) {
        GeneratedArticle article = generator.Next();
        v1::IngestDocumentRequest request;
        request.set_content(article.text);
        request.set_content_type(article.content_type);
        request.set_request_id(absl::StrCat("crash:", i));
        writer->Write(request);
      }
      writer->WritesDone();
      if (!writer->Finish().ok() || response.failed() > 0) ++failures;
      sent = first + kBatch;
    }
  });

  // A failed assertion returns early: stop and join the producer first.
  struct JoinOnExit {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~JoinOnExit() {
      stop = true;
      if (thread.joinable()) thread.join();
    }
  } join_on_exit{stop, producer};

  // Let part of the stream through, then crash the service.
  ASSERT_TRUE(Suite::WaitFor([&] { return suite.QueryDocumentCount() >= 200; },
                             std::chrono::seconds(120)));
  victim.Kill();
  // Ingest keeps accepting while its downstream is down.
  {
    auto stub = suite.IngestStub();
    v1::IngestDocumentRequest request;
    request.set_content("Doctors in Pavlodar received new equipment worth 40 million tenge.\n\n"
                        "The regional health department said the scanners arrive in May.");
    request.set_request_id("while-down");
    v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(stub->IngestDocument(&context, request, &response).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_THAT(suite.Restart(victim), IsOk());
  producer.join();
  ASSERT_EQ(sent.load(), kArticles);
  EXPECT_EQ(failures.load(), 0);

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> stored, ListAllDocumentIds(suite));
  ASSERT_GE(stored.size(), static_cast<size_t>(kArticles * 9 / 10));
  ASSERT_TRUE(Suite::WaitFor(
      [&] { return suite.QueryDocumentCount() == static_cast<int64_t>(stored.size()); },
      std::chrono::seconds(300)))
      << "query has " << suite.QueryDocumentCount() << " of " << stored.size();

  const std::set<std::string> expected(stored.begin(), stored.end());
  ASSERT_EQ(expected.size(), stored.size());
  // Annotated exactly once: one UPSERT per document in extraction's feed.
  ASSERT_OK_AND_ASSIGN(auto upserts, ExtractionFeedUpserts(suite));
  std::set<std::string> annotated;
  for (const auto& [doc_id, count] : upserts) {
    EXPECT_EQ(count, 1) << doc_id << " was annotated " << count << " times";
    annotated.insert(doc_id);
  }
  EXPECT_EQ(annotated, expected);
  // Searchable exactly once: every document once in a query all of them match.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> hits, SearchAllIds(suite, "the OR in"));
  const std::set<std::string> found(hits.begin(), hits.end());
  EXPECT_EQ(found.size(), hits.size()) << "a document was returned twice";
  EXPECT_EQ(found, expected);
}

INSTANTIATE_TEST_SUITE_P(Services, CrashTest, ::testing::Values("extraction", "query"));

}  // namespace
}  // namespace newsgraph::e2e
