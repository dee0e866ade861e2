// The envelope shared by DocumentChange and AnnotationChange records: format
// version, sequence, kind, document id and time. Private to common/model.
#ifndef NEWSGRAPH_COMMON_MODEL_CHANGE_HEADER_H_
#define NEWSGRAPH_COMMON_MODEL_CHANGE_HEADER_H_

#include <cstdint>

#include "common/encoding/coding.h"

namespace newsgraph::model_internal {

inline constexpr uint64_t kChangeFormat = 1;

// `Change` is DocumentChange or AnnotationChange (both have sequence, kind
// with kUpsert = 1 and kDelete = 2, doc_id and timestamp_ms).
template <typename Change>
void EncodeChangeHeader(const Change& change, Encoder& enc) {
  enc.PutVarint64(kChangeFormat);
  enc.PutVarint64(change.sequence);
  enc.PutVarint32(static_cast<uint32_t>(change.kind));
  enc.PutString(change.doc_id);
  enc.PutSignedVarint64(change.timestamp_ms);
}

template <typename Change>
bool DecodeChangeHeader(Decoder& dec, Change* change) {
  uint64_t format = 0;
  uint32_t kind = 0;
  if (!dec.GetVarint64(&format) || format != kChangeFormat || !dec.GetVarint64(&change->sequence) ||
      !dec.GetVarint32(&kind) || !dec.GetString(&change->doc_id) ||
      !dec.GetSignedVarint64(&change->timestamp_ms)) {
    return false;
  }
  if (kind != static_cast<uint32_t>(Change::Kind::kUpsert) &&
      kind != static_cast<uint32_t>(Change::Kind::kDelete)) {
    return false;
  }
  change->kind = static_cast<typename Change::Kind>(kind);
  return true;
}

}  // namespace newsgraph::model_internal

#endif  // NEWSGRAPH_COMMON_MODEL_CHANGE_HEADER_H_
