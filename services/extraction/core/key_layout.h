// Every key of the extraction store, in one place.
//
// Column family   key                      value
// default         "ingest_cursor"          varint: last ingest feed sequence applied
// annotations     doc_id                   EncodeDocumentAnnotations
// feed            BE64(sequence)           EncodeAnnotationChange
// registry_*      see services/extraction/knowledge/registry_key_layout.h
//
// A document's annotations, its registry updates, its feed entry and the
// ingest cursor are written in one WriteBatch.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_CORE_KEY_LAYOUT_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_CORE_KEY_LAYOUT_H_

#include <string_view>
#include <vector>

#include "common/storage/rocks_store.h"

namespace newsgraph::extraction {

inline constexpr ColumnFamily kCfDefault = 0;
inline constexpr ColumnFamily kCfAnnotations = 1;
inline constexpr ColumnFamily kCfFeed = 2;
// The registry's families follow, starting here.
inline constexpr ColumnFamily kCfRegistryFirst = 3;

inline constexpr std::string_view kIngestCursorKey = "ingest_cursor";

// In ColumnFamily order, the registry's families included.
std::vector<ColumnFamilySpec> ExtractionColumnFamilies();

}  // namespace newsgraph::extraction

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_CORE_KEY_LAYOUT_H_
