// EntityRegistry: the cross-document registry of canonical entities, kept in
// the extraction service's RocksDB (key layout: registry_key_layout.h).
//
// Every canonical entity has a stable id ("ent-<n>") that survives restarts
// and re-ingestion of the same document. Linking a document maps each of its
// document-local entities (from AnalyzeDocument) to a registry entity:
// - the same type and name (after the alias table) -> that entity;
// - PERSON known only by a surname in this document ("Abenov") -> the one
//   registry person with that surname ("Nur-Daulet Abenov"); when several
//   people share it, the mention stays a separate surname-only entity rather
//   than merge wrongly;
// - a full name whose surname was so far known only alone, by no other
//   person -> that surname-only entity, upgraded in place (same id);
// - otherwise a new entity.
// Two entities found to be one are merged with Merge: the old id redirects
// to the surviving one, so GetEntity on an old id keeps working.
//
// Writing protocol (the feed consumer is the single writer):
//   WriteBatch batch = store->NewWriteBatch();
//   ... the caller's own writes (annotations, feed entry, cursor) ...
//   ASSIGN_OR_RETURN(LinkResult linked,
//                    registry->Link(doc_id, date, &knowledge, &batch));
//   RETURN_IF_ERROR(store->Write(batch));
//   registry->Committed(linked);  // only after the write succeeded
// REQUIRES: Link, Unlink and Merge run on one thread, and each LinkResult is
// Committed (or dropped, when the write failed) before the next Link.
// Readers (Resolve, GetEntity, ListEntities, aliases) and AddAlias may run
// concurrently with the writer from any thread.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ENTITY_REGISTRY_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ENTITY_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/model/annotations.h"
#include "common/storage/rocks_store.h"
#include "services/extraction/knowledge/alias_table.h"
#include "services/extraction/knowledge/document_knowledge.h"

namespace newsgraph {

// A role an entity held, as the registry keeps it.
struct RegistryRole {
  std::string title;             // as written: "Health Minister"
  std::string normalized_title;  // "minister of health"
  std::string organization;
  std::string organization_entity_id;
  std::string doc_id;
  std::string date;  // the document's published_date
};

struct RegistryEntity {
  std::string id;
  std::string canonical_name;
  EntityType type = EntityType::kUnknown;
  std::vector<std::string> aliases;  // surface forms seen, capped at 64
  uint64_t document_count = 0;
  uint64_t mention_count = 0;
  std::string first_seen;  // earliest / latest published_date of its documents
  std::string last_seen;
  std::vector<RegistryRole> roles;  // GetEntity only: by date, oldest first
};

// What Link decided and staged; handed back to Committed.
struct LinkResult {
  std::string doc_id;
  // Document-local id ("local-3") -> registry id, for every entity.
  std::vector<std::pair<std::string, std::string>> local_to_registry;
  std::vector<std::string> created;  // ids of entities new in this document
  // Entities merged away by this call: old id -> new id (for the feed's
  // AnnotationChange::entity_redirects).
  std::vector<std::pair<std::string, std::string>> redirects;

  // Internal: the state Committed installs.
  std::vector<RegistryEntity> updated;
  uint64_t next_id = 0;
};

enum class EntitySort { kDocumentCount, kName };

struct ListEntitiesRequest {
  std::optional<EntityType> type;  // all types when unset
  std::string name_prefix;         // matched case- and accent-insensitively
  EntitySort sort = EntitySort::kDocumentCount;  // count: descending, then name
  int page_size = 50;              // 1..1000; 0 means the default 50
  std::string page_token;          // from a previous page; "" for the first
};

struct ListEntitiesPage {
  std::vector<RegistryEntity> entities;  // without roles
  std::string next_page_token;           // "" on the last page
};

class EntityRegistry {
 public:
  // The registry's column families, named "registry_*". The store's owner
  // appends them to its own list; their index of the first one is
  // `first_cf` for Open.
  static std::vector<ColumnFamilySpec> ColumnFamilies();

  // Loads the registry from `store` (which must outlive it) into memory.
  // `aliases` is the file table (models/aliases.tsv); aliases added through
  // AddAlias and persisted earlier are applied on top of it.
  static absl::StatusOr<std::unique_ptr<EntityRegistry>> Open(RocksStore* store,
                                                              ColumnFamily first_cf,
                                                              const AliasTable& aliases);

  // Links the document's entities to registry entities, rewrites every id
  // and canonical name in `knowledge` (entities, roles, quotes) to the
  // registry's, and stages all registry writes in `batch`. Re-linking a
  // document replaces its previous contribution (counts do not double).
  absl::StatusOr<LinkResult> Link(const std::string& doc_id, const std::string& published_date,
                                  DocumentKnowledge* knowledge, WriteBatch* batch);
  // Stages the removal of a document's contribution (a delete in the feed).
  absl::StatusOr<LinkResult> Unlink(const std::string& doc_id, WriteBatch* batch);
  // Installs the in-memory effects of a Link/Unlink whose batch was written.
  void Committed(const LinkResult& result);

  // Read-only linking for the stateless Extract call: entities the registry
  // knows get their registry id and canonical name; the others keep their
  // document-local ids. Writes nothing.
  void Resolve(DocumentKnowledge* knowledge) const;

  // The entity with `id`, following merge redirects, with its roles.
  // NOT_FOUND when no entity ever had that id.
  absl::StatusOr<RegistryEntity> GetEntity(const std::string& id) const;
  // Ids of the documents that mention the entity (following redirects), in
  // doc-id order, at most `limit`.
  absl::StatusOr<std::vector<std::string>> ListDocuments(const std::string& id,
                                                         size_t limit) const;
  // Filtered, sorted, paginated. INVALID_ARGUMENT for a bad page token or size.
  absl::StatusOr<ListEntitiesPage> ListEntities(const ListEntitiesRequest& request) const;

  // Adds alias -> canonical for `type` (kUnknown: any named type), persists
  // it and uses it for documents analyzed or linked from now on.
  absl::Status AddAlias(const std::string& alias, const std::string& canonical, EntityType type);
  // A snapshot of the alias table (file + persisted additions) to give to
  // AnalyzeDocument.
  std::shared_ptr<const AliasTable> aliases() const;

  // Merges `from_id` into `into_id` (both followed through redirects) and
  // writes it at once: counts, aliases, documents and roles move, and
  // `from_id` redirects to `into_id`. Returns the redirects made (for the
  // feed). INVALID_ARGUMENT when the types differ; NOT_FOUND for unknown ids.
  // Writer thread only (see above).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Merge(
      const std::string& from_id, const std::string& into_id);

  // Number of live (not merged away) entities.
  size_t size() const;

 private:
  EntityRegistry(RocksStore* store, ColumnFamily first_cf)
      : store_(store), first_cf_(first_cf) {}

  absl::Status Load(const AliasTable& file_aliases);
  ColumnFamily cf(int family) const { return first_cf_ + family; }
  std::string Live(const std::string& id) const;
  void Index(const RegistryEntity& entity);
  // The registry entity for a document-local entity, or "" when none fits.
  std::string Match(const DocumentEntity& local, std::string* canonical) const
     ;
  std::vector<std::string> Lookup(EntityType type, const std::string& key) const
     ;

  RocksStore* const store_;
  const ColumnFamily first_cf_;

  // std::shared_mutex rather than absl::Mutex: Debian's prebuilt Abseil has
  // no ThreadSanitizer annotations, and the registry's locking is checked
  // under TSan. Everything below is guarded by mu_ (the private helpers
  // above expect it held, shared or exclusive as they read or write).
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, RegistryEntity> entities_;
  std::unordered_map<std::string, std::string> redirects_;
  // "<type>/<name key>" -> ids, for canonical names and aliases.
  std::unordered_map<std::string, std::vector<std::string>> by_name_;
  // Surname key -> ids of PERSON entities with a full (2+ word) name.
  std::unordered_map<std::string, std::vector<std::string>> by_surname_;
  // Entity id -> NormalizeTerm(canonical name), for name filters and sorting.
  std::unordered_map<std::string, std::string> sort_names_;
  std::shared_ptr<const AliasTable> aliases_;
  uint64_t next_id_ = 1;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ENTITY_REGISTRY_H_
