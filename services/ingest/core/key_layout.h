// Every key of the ingest store, in one place.
//
// Column family   key                                          value
// default         "doc_counter"                                 varint: last id number
// documents       doc_id                                        EncodeDocument(Document)
// raw             doc_id                                        raw input bytes as received
// requests        request_id                                    EncodeIngestResult (idempotency)
// content_hashes  BE64(content_hash)                            doc_id (exact duplicates)
// simhashes       doc_id                                        fixed64 SimHash (near duplicates;
//                                                               loaded into memory at open)
// external_ids    source "\0" external_id                       doc_id (updates)
// by_time         BE64(ingested_at_ms) doc_id                   "" (listing, newest first)
// feed            BE64(sequence)                                EncodeDocumentChange
//
// A document's rows, its request row and its feed entry are always written
// in one WriteBatch.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_KEY_LAYOUT_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_KEY_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/storage/rocks_store.h"

namespace newsgraph::ingest {

inline constexpr ColumnFamily kCfDefault = 0;
inline constexpr ColumnFamily kCfDocuments = 1;
inline constexpr ColumnFamily kCfRaw = 2;
inline constexpr ColumnFamily kCfRequests = 3;
inline constexpr ColumnFamily kCfContentHashes = 4;
inline constexpr ColumnFamily kCfSimhashes = 5;
inline constexpr ColumnFamily kCfExternalIds = 6;
inline constexpr ColumnFamily kCfByTime = 7;
inline constexpr ColumnFamily kCfFeed = 8;

// In ColumnFamily order.
std::vector<ColumnFamilySpec> IngestColumnFamilies();

inline constexpr std::string_view kDocCounterKey = "doc_counter";

std::string ContentHashKey(uint64_t hash);
std::string ExternalIdKey(std::string_view source, std::string_view external_id);
std::string ByTimeKey(int64_t ingested_at_ms, std::string_view doc_id);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_KEY_LAYOUT_H_
