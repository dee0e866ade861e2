#include "common/model/document.h"

#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "common/model/change_header.h"

namespace newsgraph {
namespace {

// Format versions: bump when a field is added; decoders accept older ones.
constexpr uint64_t kDocumentFormat = 1;

void EncodeDocumentTo(const Document& doc, Encoder& enc) {
  enc.PutVarint64(kDocumentFormat);
  enc.PutString(doc.id);
  enc.PutString(doc.external_id);
  enc.PutString(doc.url);
  enc.PutString(doc.source);
  enc.PutString(doc.title);
  enc.PutString(doc.content_type);
  enc.PutString(doc.clean_text);
  enc.PutVarint32(doc.body_begin);
  enc.PutVarint32(doc.body_end);
  enc.PutString(doc.published_date);
  enc.PutSignedVarint64(doc.ingested_at_ms);
  enc.PutFixed64(doc.content_hash);
  enc.PutFixed64(doc.simhash);
  enc.PutString(doc.near_duplicate_of);
  enc.PutVarint64(doc.repairs.size());
  for (const TextRepair& repair : doc.repairs) {
    enc.PutVarint32(repair.begin);
    enc.PutVarint32(repair.end);
    enc.PutString(repair.original);
    enc.PutString(repair.replacement);
    enc.PutString(repair.reason);
  }
  enc.PutVarint32(doc.version);
}

bool DecodeDocumentFrom(Decoder& dec, Document* doc) {
  uint64_t format = 0;
  if (!dec.GetVarint64(&format) || format != kDocumentFormat) return false;
  dec.GetString(&doc->id);
  dec.GetString(&doc->external_id);
  dec.GetString(&doc->url);
  dec.GetString(&doc->source);
  dec.GetString(&doc->title);
  dec.GetString(&doc->content_type);
  dec.GetString(&doc->clean_text);
  dec.GetVarint32(&doc->body_begin);
  dec.GetVarint32(&doc->body_end);
  dec.GetString(&doc->published_date);
  dec.GetSignedVarint64(&doc->ingested_at_ms);
  dec.GetFixed64(&doc->content_hash);
  dec.GetFixed64(&doc->simhash);
  dec.GetString(&doc->near_duplicate_of);
  uint64_t repairs = 0;
  if (!dec.GetVarint64(&repairs) || repairs > dec.remaining()) return false;
  doc->repairs.resize(repairs);
  for (TextRepair& repair : doc->repairs) {
    dec.GetVarint32(&repair.begin);
    dec.GetVarint32(&repair.end);
    dec.GetString(&repair.original);
    dec.GetString(&repair.replacement);
    dec.GetString(&repair.reason);
  }
  dec.GetVarint32(&doc->version);
  return dec.ok() && doc->body_begin <= doc->body_end &&
         doc->body_end <= doc->clean_text.size();
}

}  // namespace

std::string EncodeDocument(const Document& doc) {
  std::string out;
  Encoder enc(&out);
  EncodeDocumentTo(doc, enc);
  return out;
}

absl::StatusOr<Document> DecodeDocument(std::string_view bytes) {
  Decoder dec(bytes);
  Document doc;
  if (!DecodeDocumentFrom(dec, &doc) || !dec.done()) {
    return absl::DataLossError(
        absl::StrCat("corrupt document record (", bytes.size(), " bytes)"));
  }
  return doc;
}

std::string EncodeDocumentChange(const DocumentChange& change) {
  std::string out;
  Encoder enc(&out);
  model_internal::EncodeChangeHeader(change, enc);
  if (change.kind == DocumentChange::Kind::kUpsert) {
    EncodeDocumentTo(change.document, enc);
  }
  return out;
}

absl::StatusOr<DocumentChange> DecodeDocumentChange(std::string_view bytes) {
  Decoder dec(bytes);
  DocumentChange change;
  bool ok = model_internal::DecodeChangeHeader(dec, &change);
  if (ok && change.kind == DocumentChange::Kind::kUpsert) {
    ok = DecodeDocumentFrom(dec, &change.document);
  }
  if (!ok || !dec.done()) {
    return absl::DataLossError(
        absl::StrCat("corrupt document change record (", bytes.size(), " bytes)"));
  }
  return change;
}

}  // namespace newsgraph
