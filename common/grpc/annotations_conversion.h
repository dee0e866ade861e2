// Conversions between the annotation structs of common/model and the
// newsgraph.v1 protos, shared by extraction (which serves annotations and its
// feed) and query (which consumes that feed). Also converts UTF-8 byte
// offsets into the encoding a caller asked for.
#ifndef NEWSGRAPH_COMMON_GRPC_ANNOTATIONS_CONVERSION_H_
#define NEWSGRAPH_COMMON_GRPC_ANNOTATIONS_CONVERSION_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/model/annotations.h"
#include "newsgraph/v1/common.pb.h"
#include "newsgraph/v1/extraction.pb.h"

namespace newsgraph {

// Maps UTF-8 byte offsets of one text to UTF-8, UTF-16 or code-point offsets.
// Offsets inside a multi-byte sequence map to the sequence's start.
class OffsetConverter {
 public:
  OffsetConverter(std::string_view text, newsgraph::v1::EncodingType encoding);
  uint32_t Convert(uint32_t utf8_offset) const;

 private:
  newsgraph::v1::EncodingType encoding_;
  // units_before_[i] = units before byte i (only for UTF-16 / code points).
  std::vector<uint32_t> units_before_;
};

newsgraph::v1::EntityType EntityTypeToProto(EntityType type);
EntityType EntityTypeFromProto(newsgraph::v1::EntityType type);

// Annotations -> proto, offsets converted with `offsets`.
void AnnotationsToProto(const DocumentAnnotations& annotations, const OffsetConverter& offsets,
                        newsgraph::v1::Annotations* proto);

// The feed's form: UTF-8 offsets, the document fields included.
void AnnotationChangeToProto(const AnnotationChange& change, newsgraph::v1::AnnotationChange* proto);
AnnotationChange AnnotationChangeFromProto(const newsgraph::v1::AnnotationChange& proto);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_ANNOTATIONS_CONVERSION_H_
