#include "services/ingest/grpc/ingest_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/feed_streaming.h"
#include "common/grpc/status_conversion.h"
#include "common/logging/log.h"
#include "google/protobuf/util/time_util.h"

namespace newsgraph::ingest {
namespace {

namespace v1 = newsgraph::v1;
using google::protobuf::util::TimeUtil;

IngestRequest FromProto(const v1::IngestDocumentRequest& request) {
  IngestRequest out;
  out.content = request.content();
  out.content_type = request.content_type();
  out.url = request.url();
  out.source_name = request.source_name();
  out.external_id = request.external_id();
  out.request_id = request.request_id();
  out.title = request.title();
  out.published_date = request.published_date();
  return out;
}

void ResultToProto(const IngestResult& result, v1::IngestDocumentResponse* proto) {
  proto->set_doc_id(result.doc_id);
  proto->set_outcome(static_cast<v1::IngestOutcome>(result.outcome));
  proto->set_near_duplicate_of(result.near_duplicate_of);
  proto->set_title(result.title);
  proto->set_published_date(result.published_date);
  proto->set_source(result.source);
  proto->set_sequence(result.sequence);
  proto->set_replayed(result.replayed);
}

}  // namespace

void DocumentToProto(const Document& doc, v1::Document* proto) {
  proto->set_doc_id(doc.id);
  proto->set_external_id(doc.external_id);
  proto->set_url(doc.url);
  proto->set_source(doc.source);
  proto->set_title(doc.title);
  proto->set_content_type(doc.content_type);
  proto->set_published_date(doc.published_date);
  proto->set_clean_text(doc.clean_text);
  proto->set_body_begin(doc.body_begin);
  proto->set_body_end(doc.body_end);
  proto->set_body(std::string(doc.body()));
  proto->set_near_duplicate_of(doc.near_duplicate_of);
  for (const TextRepair& repair : doc.repairs) {
    v1::TextRepair* out = proto->add_repairs();
    out->set_begin(repair.begin);
    out->set_end(repair.end);
    out->set_original(repair.original);
    out->set_replacement(repair.replacement);
    out->set_reason(repair.reason);
  }
  *proto->mutable_ingested_at() = TimeUtil::MillisecondsToTimestamp(doc.ingested_at_ms);
  proto->set_version(doc.version);
}

Document DocumentFromProto(const v1::Document& proto) {
  Document doc;
  doc.id = proto.doc_id();
  doc.external_id = proto.external_id();
  doc.url = proto.url();
  doc.source = proto.source();
  doc.title = proto.title();
  doc.content_type = proto.content_type();
  doc.published_date = proto.published_date();
  doc.clean_text = proto.clean_text();
  doc.body_begin = std::min<uint32_t>(proto.body_begin(), doc.clean_text.size());
  doc.body_end = std::clamp<uint32_t>(proto.body_end(), doc.body_begin, doc.clean_text.size());
  doc.near_duplicate_of = proto.near_duplicate_of();
  for (const v1::TextRepair& repair : proto.repairs()) {
    doc.repairs.push_back({repair.begin(), repair.end(), repair.original(),
                           repair.replacement(), repair.reason()});
  }
  doc.ingested_at_ms = TimeUtil::TimestampToMilliseconds(proto.ingested_at());
  doc.version = proto.version();
  return doc;
}

grpc::Status IngestServiceImpl::IngestDocument(grpc::ServerContext* context,
                                               const v1::IngestDocumentRequest* request,
                                               v1::IngestDocumentResponse* response) {
  absl::StatusOr<IngestResult> result = store_->Ingest(FromProto(*request));
  if (!result.ok()) return ToGrpcStatus(result.status());
  ResultToProto(*result, response);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::BulkIngest(grpc::ServerContext* context,
                                           grpc::ServerReader<v1::IngestDocumentRequest>* reader,
                                           v1::BulkIngestResponse* response) {
  v1::IngestDocumentRequest request;
  uint32_t index = 0;
  while (reader->Read(&request)) {
    if (index >= options_.max_bulk_documents) {
      // Nothing after the limit is stored; what came before is, and the
      // caller can retry the rest with the same request_ids safely.
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat("BulkIngest: more than ", options_.max_bulk_documents,
                                       " documents in one stream; split it"));
    }
    v1::BulkIngestResult* item = response->add_results();
    item->set_index(index++);
    absl::StatusOr<IngestResult> result = store_->Ingest(FromProto(request));
    if (!result.ok()) {
      item->set_code(static_cast<int>(result.status().code()));
      item->set_message(std::string(result.status().message()));
      response->set_failed(response->failed() + 1);
      continue;
    }
    ResultToProto(*result, item->mutable_response());
    switch (result->outcome) {
      case IngestOutcome::kCreated: response->set_created(response->created() + 1); break;
      case IngestOutcome::kUpdated: response->set_updated(response->updated() + 1); break;
      case IngestOutcome::kDuplicate: response->set_duplicates(response->duplicates() + 1); break;
    }
  }
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::GetDocument(grpc::ServerContext* context,
                                            const v1::GetDocumentRequest* request,
                                            v1::Document* response) {
  if (request->doc_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "doc_id: required");
  }
  absl::StatusOr<Document> doc = store_->GetDocument(request->doc_id());
  if (!doc.ok()) return ToGrpcStatus(doc.status());
  DocumentToProto(*doc, response);
  if (request->include_raw()) {
    absl::StatusOr<std::string> raw = store_->GetRawContent(request->doc_id());
    if (!raw.ok()) return ToGrpcStatus(raw.status());
    response->set_raw_content(*std::move(raw));
  }
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::ListDocuments(grpc::ServerContext* context,
                                              const v1::ListDocumentsRequest* request,
                                              v1::ListDocumentsResponse* response) {
  absl::StatusOr<DocumentPage> page =
      store_->ListDocuments(request->page_size(), request->page_token(), request->source());
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const Document& doc : page->documents) {
    v1::Document* out = response->add_documents();
    DocumentToProto(doc, out);
    out->clear_body();
  }
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::DeleteDocument(grpc::ServerContext* context,
                                               const v1::DeleteDocumentRequest* request,
                                               v1::DeleteDocumentResponse* response) {
  if (request->doc_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "doc_id: required");
  }
  absl::StatusOr<uint64_t> sequence = store_->Delete(request->doc_id(), request->request_id());
  if (!sequence.ok()) return ToGrpcStatus(sequence.status());
  response->set_sequence(*sequence);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::WatchChanges(grpc::ServerContext* context,
                                             const v1::WatchChangesRequest* request,
                                             grpc::ServerWriter<v1::DocumentChange>* writer) {
  return StreamFeed(
      context, store_->feed(), request->after_sequence(),
      [writer] { writer->SendInitialMetadata(); },
      [writer](uint64_t sequence, const std::string& payload,
               uint64_t head) -> absl::StatusOr<bool> {
        absl::StatusOr<DocumentChange> change = DecodeDocumentChange(payload);
        if (!change.ok()) return change.status();
        v1::DocumentChange out;
        out.set_sequence(sequence);
        out.set_doc_id(change->doc_id);
        out.set_head_sequence(head);
        *out.mutable_time() = TimeUtil::MillisecondsToTimestamp(change->timestamp_ms);
        if (change->kind == DocumentChange::Kind::kDelete) {
          out.set_kind(v1::DocumentChange::DELETE);
        } else {
          out.set_kind(v1::DocumentChange::UPSERT);
          DocumentToProto(change->document, out.mutable_document());
        }
        return writer->Write(out);
      });
}

}  // namespace newsgraph::ingest
