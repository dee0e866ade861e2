#include "services/extraction/knowledge/entity_registry.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "common/status/status_macros.h"
#include "common/text/tokenizer.h"
#include "services/extraction/knowledge/lexicon.h"
#include "services/extraction/knowledge/registry_key_layout.h"

namespace newsgraph {
namespace {

namespace keys = registry_keys;
using knowledge::NameKey;
using knowledge::NameWords;

constexpr size_t kMaxAliases = 64;
constexpr int kMaxPageSize = 1000;

std::string NameIndexKey(EntityType type, std::string_view key) {
  return absl::StrCat(static_cast<int>(type), "/", std::string(key));
}

std::string EncodeEntity(const RegistryEntity& e) {
  std::string out(1, keys::kRegistryFormatVersion);
  Encoder enc(&out);
  enc.PutString(e.canonical_name);
  enc.PutVarint32(static_cast<uint32_t>(e.type));
  enc.PutVarint64(e.aliases.size());
  for (const std::string& a : e.aliases) enc.PutString(a);
  enc.PutVarint64(e.document_count);
  enc.PutVarint64(e.mention_count);
  enc.PutString(e.first_seen);
  enc.PutString(e.last_seen);
  return out;
}

absl::StatusOr<RegistryEntity> DecodeEntity(std::string_view id, std::string_view bytes) {
  if (bytes.empty() || bytes[0] != keys::kRegistryFormatVersion) {
    return absl::DataLossError(absl::StrCat("registry entity ", std::string(id),
                                            ": unknown format version"));
  }
  Decoder dec(bytes.substr(1));
  RegistryEntity e;
  e.id = std::string(id);
  uint32_t type = 0;
  uint64_t alias_count = 0;
  dec.GetString(&e.canonical_name);
  dec.GetVarint32(&type);
  dec.GetVarint64(&alias_count);
  for (uint64_t i = 0; i < alias_count && dec.ok(); ++i) {
    std::string a;
    if (dec.GetString(&a)) e.aliases.push_back(std::move(a));
  }
  dec.GetVarint64(&e.document_count);
  dec.GetVarint64(&e.mention_count);
  dec.GetString(&e.first_seen);
  dec.GetString(&e.last_seen);
  if (!dec.ok()) {
    return absl::DataLossError(absl::StrCat("registry entity ", std::string(id), " is corrupt"));
  }
  e.type = static_cast<EntityType>(type);
  return e;
}

// What a document contributed, under "d/<doc_id>".
struct DocContribution {
  std::vector<std::pair<std::string, uint64_t>> entities;  // id, mentions
  std::vector<std::string> role_keys;
};

std::string EncodeContribution(const DocContribution& c) {
  std::string out(1, keys::kRegistryFormatVersion);
  Encoder enc(&out);
  enc.PutVarint64(c.entities.size());
  for (const auto& [id, mentions] : c.entities) {
    enc.PutString(id);
    enc.PutVarint64(mentions);
  }
  enc.PutVarint64(c.role_keys.size());
  for (const std::string& k : c.role_keys) enc.PutString(k);
  return out;
}

absl::StatusOr<DocContribution> DecodeContribution(std::string_view bytes) {
  DocContribution c;
  if (bytes.empty() || bytes[0] != keys::kRegistryFormatVersion) {
    return absl::DataLossError("registry document record: unknown format version");
  }
  Decoder dec(bytes.substr(1));
  uint64_t n = 0;
  dec.GetVarint64(&n);
  for (uint64_t i = 0; i < n && dec.ok(); ++i) {
    std::string id;
    uint64_t mentions = 0;
    dec.GetString(&id);
    dec.GetVarint64(&mentions);
    c.entities.emplace_back(std::move(id), mentions);
  }
  dec.GetVarint64(&n);
  for (uint64_t i = 0; i < n && dec.ok(); ++i) {
    std::string k;
    dec.GetString(&k);
    c.role_keys.push_back(std::move(k));
  }
  if (!dec.ok()) return absl::DataLossError("registry document record is corrupt");
  return c;
}

std::string EncodeEntityDoc(const std::string& date, uint64_t mentions) {
  std::string out(1, keys::kRegistryFormatVersion);
  Encoder enc(&out);
  enc.PutString(date);
  enc.PutVarint64(mentions);
  return out;
}

bool DecodeEntityDoc(std::string_view bytes, std::string* date, uint64_t* mentions) {
  if (bytes.empty() || bytes[0] != keys::kRegistryFormatVersion) return false;
  Decoder dec(bytes.substr(1));
  dec.GetString(date);
  dec.GetVarint64(mentions);
  return dec.ok();
}

std::string EncodeRole(const RegistryRole& r) {
  std::string out(1, keys::kRegistryFormatVersion);
  Encoder enc(&out);
  enc.PutString(r.title);
  enc.PutString(r.normalized_title);
  enc.PutString(r.organization);
  enc.PutString(r.organization_entity_id);
  enc.PutString(r.doc_id);
  enc.PutString(r.date);
  return out;
}

bool DecodeRole(std::string_view bytes, RegistryRole* r) {
  if (bytes.empty() || bytes[0] != keys::kRegistryFormatVersion) return false;
  Decoder dec(bytes.substr(1));
  dec.GetString(&r->title);
  dec.GetString(&r->normalized_title);
  dec.GetString(&r->organization);
  dec.GetString(&r->organization_entity_id);
  dec.GetString(&r->doc_id);
  dec.GetString(&r->date);
  return dec.ok();
}

std::string EncodeAlias(const AliasEntry& a) {
  std::string out(1, keys::kRegistryFormatVersion);
  Encoder enc(&out);
  enc.PutString(a.alias);
  enc.PutString(a.canonical);
  enc.PutVarint32(static_cast<uint32_t>(a.type));
  return out;
}

void AddAliasName(RegistryEntity* e, const std::string& name) {
  if (e->aliases.size() >= kMaxAliases) return;
  if (std::find(e->aliases.begin(), e->aliases.end(), name) == e->aliases.end()) {
    e->aliases.push_back(name);
  }
}

bool IsFullName(const std::string& name) { return NameWords(name).size() >= 2; }

}  // namespace

std::vector<ColumnFamilySpec> EntityRegistry::ColumnFamilies() {
  std::vector<ColumnFamilySpec> specs;
  for (std::string_view name : keys::kFamilyNames) specs.push_back({std::string(name), nullptr});
  return specs;
}

absl::StatusOr<std::unique_ptr<EntityRegistry>> EntityRegistry::Open(RocksStore* store,
                                                                     ColumnFamily first_cf,
                                                                     const AliasTable& aliases) {
  if (store == nullptr) return absl::InvalidArgumentError("EntityRegistry::Open: no store");
  std::unique_ptr<EntityRegistry> registry(new EntityRegistry(store, first_cf));
  RETURN_IF_ERROR(registry->Load(aliases));
  return registry;
}

absl::Status EntityRegistry::Load(const AliasTable& file_aliases) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  auto table = std::make_shared<AliasTable>(file_aliases);
  {
    auto it = store_->NewIterator(cf(keys::kAliases));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view v = it->value();
      if (v.empty() || v[0] != keys::kRegistryFormatVersion) {
        return absl::DataLossError("registry alias record: unknown format version");
      }
      Decoder dec(v.substr(1));
      AliasEntry a;
      uint32_t type = 0;
      dec.GetString(&a.alias);
      dec.GetString(&a.canonical);
      dec.GetVarint32(&type);
      if (!dec.ok()) return absl::DataLossError("registry alias record is corrupt");
      RETURN_IF_ERROR(table->Add(a.alias, a.canonical, static_cast<EntityType>(type)));
    }
    RETURN_IF_ERROR(it->status());
  }
  aliases_ = std::move(table);
  {
    auto it = store_->NewIterator(cf(keys::kEntities));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(RegistryEntity e, DecodeEntity(it->key(), it->value()));
      Index(e);
      entities_[e.id] = std::move(e);
    }
    RETURN_IF_ERROR(it->status());
  }
  {
    auto it = store_->NewIterator(cf(keys::kRedirects));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      redirects_[std::string(it->key())] = std::string(it->value());
    }
    RETURN_IF_ERROR(it->status());
  }
  ASSIGN_OR_RETURN(std::optional<std::string> next, store_->Get(cf(keys::kMeta), keys::kNextIdKey));
  if (next.has_value()) {
    Decoder dec(*next);
    uint64_t n = 0;
    if (!dec.GetVarint64(&n)) return absl::DataLossError("registry next_id is corrupt");
    next_id_ = n;
  }
  return absl::OkStatus();
}

std::string EntityRegistry::Live(const std::string& id) const {
  std::string current = id;
  for (int hops = 0; hops < 64; ++hops) {
    auto it = redirects_.find(current);
    if (it == redirects_.end()) return current;
    current = it->second;
  }
  return current;
}

void EntityRegistry::Index(const RegistryEntity& e) {
  auto add = [&](const std::string& index_key, std::unordered_map<std::string, std::vector<std::string>>* index) {
    std::vector<std::string>& ids = (*index)[index_key];
    if (std::find(ids.begin(), ids.end(), e.id) == ids.end()) ids.push_back(e.id);
  };
  add(NameIndexKey(e.type, NameKey(e.canonical_name)), &by_name_);
  sort_names_[e.id] = NormalizeTerm(e.canonical_name);
  // Aliases of people are index entries only when they are full names: a
  // bare surname must go through the ambiguity check of by_surname_.
  for (const std::string& a : e.aliases) {
    if (e.type == EntityType::kPerson && !IsFullName(a)) continue;
    add(NameIndexKey(e.type, NameKey(a)), &by_name_);
  }
  if (e.type == EntityType::kPerson) {
    std::vector<std::string> words = NameWords(e.canonical_name);
    if (words.size() >= 2) add(NameKey(words.back()), &by_surname_);
  }
}

std::vector<std::string> EntityRegistry::Lookup(EntityType type, const std::string& key) const {
  std::vector<std::string> out;
  auto it = by_name_.find(NameIndexKey(type, key));
  if (it == by_name_.end()) return out;
  for (const std::string& id : it->second) {
    std::string live = Live(id);
    auto e = entities_.find(live);
    if (e == entities_.end() || e->second.type != type) continue;
    if (std::find(out.begin(), out.end(), live) == out.end()) out.push_back(live);
  }
  return out;
}

std::string EntityRegistry::Match(const DocumentEntity& local, std::string* canonical) const {
  *canonical = local.canonical_name;
  if (std::optional<std::string> c = aliases_->Canonical(local.canonical_name, local.type)) {
    *canonical = *c;
  }
  std::string key = NameKey(*canonical);
  std::vector<std::string> exact = Lookup(local.type, key);
  if (local.type == EntityType::kPerson) {
    std::vector<std::string> words = NameWords(*canonical);
    if (words.size() == 1) {
      std::vector<std::string> full;
      auto it = by_surname_.find(key);
      if (it != by_surname_.end()) {
        for (const std::string& id : it->second) {
          std::string live = Live(id);
          if (entities_.count(live) > 0 &&
              std::find(full.begin(), full.end(), live) == full.end()) {
            full.push_back(live);
          }
        }
      }
      if (full.size() == 1) return full[0];
      // Several people share the surname: only a surname-only entity of the
      // same spelling fits (never one of the full names).
      for (const std::string& id : exact) {
        if (!IsFullName(entities_.at(id).canonical_name)) return id;
      }
      return "";
    }
    return exact.empty() ? "" : exact[0];
  }
  if (!exact.empty()) return exact[0];
  // Organizations and places: any surface form of this document that the
  // registry knows ("WHO" known alone, now seen with its expansion).
  for (const std::string& alias : local.aliases) {
    std::string alias_key = NameKey(alias);
    if (std::optional<std::string> c = aliases_->Canonical(alias, local.type)) alias_key = NameKey(*c);
    std::vector<std::string> ids = Lookup(local.type, alias_key);
    if (ids.size() == 1) return ids[0];
  }
  return "";
}

void EntityRegistry::Resolve(DocumentKnowledge* knowledge) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::map<std::string, std::pair<std::string, std::string>> renamed;  // local -> id, name
  for (DocumentEntity& e : knowledge->entities) {
    std::string canonical;
    std::string id = Match(e, &canonical);
    if (id.empty()) continue;
    const RegistryEntity& known = entities_.at(id);
    renamed[e.entity_id] = {id, known.canonical_name};
    e.entity_id = id;
    e.canonical_name = known.canonical_name;
  }
  for (Role& r : knowledge->roles) {
    auto p = renamed.find(r.person_entity_id);
    if (p != renamed.end()) {
      r.person_entity_id = p->second.first;
      r.person_name = p->second.second;
    }
    auto o = renamed.find(r.organization_entity_id);
    if (o != renamed.end()) r.organization_entity_id = o->second.first;
  }
  for (Quote& q : knowledge->quotes) {
    auto s = renamed.find(q.speaker_entity_id);
    if (s != renamed.end()) {
      q.speaker_entity_id = s->second.first;
      q.speaker_name = s->second.second;
    }
  }
}

absl::StatusOr<LinkResult> EntityRegistry::Link(const std::string& doc_id,
                                                const std::string& published_date,
                                                DocumentKnowledge* knowledge, WriteBatch* batch) {
  if (doc_id.empty()) return absl::InvalidArgumentError("Link: empty doc_id");
  std::shared_lock<std::shared_mutex> lock(mu_);
  LinkResult result;
  result.doc_id = doc_id;
  result.next_id = next_id_;

  // Working copies of every entity this document touches.
  std::map<std::string, RegistryEntity> touched;
  auto touch = [&](const std::string& id) -> RegistryEntity* {
    auto it = touched.find(id);
    if (it != touched.end()) return &it->second;
    auto known = entities_.find(id);
    if (known == entities_.end()) return nullptr;
    return &touched.emplace(id, known->second).first->second;
  };

  // 1. Take back what this document contributed before (re-ingestion).
  ASSIGN_OR_RETURN(std::optional<std::string> previous_bytes,
                   store_->Get(cf(keys::kDocs), keys::DocKey(doc_id)));
  DocContribution previous;
  if (previous_bytes.has_value()) {
    ASSIGN_OR_RETURN(previous, DecodeContribution(*previous_bytes));
    for (const auto& [old_id, mentions] : previous.entities) {
      RegistryEntity* e = touch(Live(old_id));
      if (e == nullptr) continue;
      e->document_count -= std::min<uint64_t>(e->document_count, 1);
      e->mention_count -= std::min(e->mention_count, mentions);
      batch->Delete(cf(keys::kDocs), keys::EntityDocKey(old_id, doc_id));
      if (Live(old_id) != old_id) {
        batch->Delete(cf(keys::kDocs), keys::EntityDocKey(Live(old_id), doc_id));
      }
    }
    for (const std::string& k : previous.role_keys) batch->Delete(cf(keys::kRoles), k);
  }

  // 2. Match or create an entity for each document-local entity.
  std::map<std::string, std::pair<std::string, std::string>> renamed;  // local -> id, name
  std::map<std::string, uint64_t> mentions_by_id;
  for (DocumentEntity& local : knowledge->entities) {
    if (!IsNamedType(local.type)) continue;
    std::string canonical;
    std::string id = Match(local, &canonical);
    // Several local entities may fall on one id (two spellings linked by
    // the registry's aliases): mentions_by_id counts the document once.
    RegistryEntity* e = nullptr;
    if (!id.empty()) {
      e = touch(id);
    } else if (local.type == EntityType::kPerson && IsFullName(canonical)) {
      // A surname so far known alone, by no other person: upgrade it in
      // place so that its id stays.
      std::string surname = NameKey(NameWords(canonical).back());
      auto full = by_surname_.find(surname);
      bool other_full = false;
      if (full != by_surname_.end()) {
        for (const std::string& fid : full->second) other_full |= entities_.count(Live(fid)) > 0;
      }
      for (const auto& [tid, te] : touched) {
        if (te.type == EntityType::kPerson && IsFullName(te.canonical_name) &&
            NameKey(NameWords(te.canonical_name).back()) == surname) {
          other_full = true;
        }
      }
      if (!other_full) {
        for (const std::string& sid : Lookup(EntityType::kPerson, surname)) {
          if (!IsFullName(entities_.at(sid).canonical_name)) {
            e = touch(sid);
            AddAliasName(e, e->canonical_name);
            e->canonical_name = canonical;
            break;
          }
        }
      }
    }
    if (e == nullptr) {
      std::string new_id = absl::StrCat(std::string(keys::kEntityIdPrefix), result.next_id++);
      RegistryEntity fresh;
      fresh.id = new_id;
      fresh.canonical_name = canonical;
      fresh.type = local.type;
      e = &touched.emplace(new_id, std::move(fresh)).first->second;
      result.created.push_back(new_id);
    }
    // Organizations and places keep their longest known form.
    if (local.type != EntityType::kPerson && canonical.size() > e->canonical_name.size() &&
        !aliases_->Canonical(e->canonical_name, e->type).has_value()) {
      AddAliasName(e, e->canonical_name);
      e->canonical_name = canonical;
    }
    for (const std::string& a : local.aliases) AddAliasName(e, a);
    mentions_by_id[e->id] += local.mention_count;
    renamed[local.entity_id] = {e->id, e->canonical_name};
    result.local_to_registry.emplace_back(local.entity_id, e->id);
  }

  // 3. Counts, first/last seen, per-entity document records.
  DocContribution contribution;
  for (const auto& [id, mentions] : mentions_by_id) {
    RegistryEntity* e = &touched.at(id);
    e->document_count += 1;
    e->mention_count += mentions;
    if (!published_date.empty()) {
      if (e->first_seen.empty() || published_date < e->first_seen) e->first_seen = published_date;
      if (e->last_seen.empty() || published_date > e->last_seen) e->last_seen = published_date;
    }
    contribution.entities.emplace_back(id, mentions);
    batch->Put(cf(keys::kDocs), keys::EntityDocKey(id, doc_id),
               EncodeEntityDoc(published_date, mentions));
  }

  // 4. Rewrite the knowledge to registry ids and names; stage roles.
  for (DocumentEntity& local : knowledge->entities) {
    auto it = renamed.find(local.entity_id);
    if (it == renamed.end()) continue;
    local.entity_id = it->second.first;
    local.canonical_name = it->second.second;
  }
  int role_number = 0;
  for (Role& r : knowledge->roles) {
    auto p = renamed.find(r.person_entity_id);
    if (p != renamed.end()) {
      r.person_entity_id = p->second.first;
      r.person_name = p->second.second;
    }
    auto o = renamed.find(r.organization_entity_id);
    if (o != renamed.end()) r.organization_entity_id = o->second.first;
    if (p == renamed.end()) continue;
    RegistryRole stored{r.title, r.normalized_title, r.organization, r.organization_entity_id,
                        doc_id, published_date};
    char number[16];
    std::snprintf(number, sizeof(number), "%03d", role_number++);
    std::string key = absl::StrCat(keys::RolePrefix(r.person_entity_id), published_date, "/",
                                   doc_id, "/", number);
    batch->Put(cf(keys::kRoles), key, EncodeRole(stored));
    contribution.role_keys.push_back(std::move(key));
  }
  for (Quote& q : knowledge->quotes) {
    auto s = renamed.find(q.speaker_entity_id);
    if (s != renamed.end()) {
      q.speaker_entity_id = s->second.first;
      q.speaker_name = s->second.second;
    }
  }

  // 5. Entity records, the document record and the id counter.
  for (auto& [id, e] : touched) {
    batch->Put(cf(keys::kEntities), id, EncodeEntity(e));
    result.updated.push_back(e);
  }
  batch->Put(cf(keys::kDocs), keys::DocKey(doc_id), EncodeContribution(contribution));
  if (result.next_id != next_id_) {
    std::string counter;
    Encoder(&counter).PutVarint64(result.next_id);
    batch->Put(cf(keys::kMeta), keys::kNextIdKey, counter);
  }
  return result;
}

absl::StatusOr<LinkResult> EntityRegistry::Unlink(const std::string& doc_id, WriteBatch* batch) {
  DocumentKnowledge empty;
  ASSIGN_OR_RETURN(std::optional<std::string> previous,
                   store_->Get(cf(keys::kDocs), keys::DocKey(doc_id)));
  if (!previous.has_value()) {
    LinkResult nothing;
    nothing.doc_id = doc_id;
    std::shared_lock<std::shared_mutex> lock(mu_);
    nothing.next_id = next_id_;
    return nothing;
  }
  ASSIGN_OR_RETURN(LinkResult result, Link(doc_id, "", &empty, batch));
  batch->Delete(cf(keys::kDocs), keys::DocKey(doc_id));
  return result;
}

void EntityRegistry::Committed(const LinkResult& result) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  for (const RegistryEntity& e : result.updated) {
    entities_[e.id] = e;
    Index(e);
  }
  for (const auto& [from, to] : result.redirects) redirects_[from] = to;
  next_id_ = std::max(next_id_, result.next_id);
}

absl::StatusOr<RegistryEntity> EntityRegistry::GetEntity(const std::string& id) const {
  RegistryEntity entity;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = entities_.find(Live(id));
    if (it == entities_.end()) return absl::NotFoundError(absl::StrCat("no entity ", id));
    entity = it->second;
  }
  auto it = store_->NewIterator(cf(keys::kRoles), keys::RolePrefix(entity.id));
  std::string prefix = keys::RolePrefix(entity.id);
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    RegistryRole role;
    if (!DecodeRole(it->value(), &role)) {
      return absl::DataLossError(absl::StrCat("corrupt role record ", std::string(it->key())));
    }
    entity.roles.push_back(std::move(role));
  }
  RETURN_IF_ERROR(it->status());
  return entity;
}

absl::StatusOr<std::vector<std::string>> EntityRegistry::ListDocuments(const std::string& id,
                                                                       size_t limit) const {
  std::string live;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    live = Live(id);
    if (entities_.count(live) == 0) return absl::NotFoundError(absl::StrCat("no entity ", id));
  }
  std::vector<std::string> docs;
  std::string prefix = keys::EntityDocPrefix(live);
  auto it = store_->NewIterator(cf(keys::kDocs), prefix);
  for (it->Seek(prefix); it->Valid() && docs.size() < limit &&
                         it->key().substr(0, prefix.size()) == prefix;
       it->Next()) {
    docs.emplace_back(it->key().substr(prefix.size()));
  }
  RETURN_IF_ERROR(it->status());
  return docs;
}

absl::StatusOr<ListEntitiesPage> EntityRegistry::ListEntities(
    const ListEntitiesRequest& request) const {
  int page_size = request.page_size == 0 ? 50 : request.page_size;
  if (page_size < 0 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be between 1 and ", kMaxPageSize, ", got ", page_size));
  }
  size_t offset = 0;
  if (!request.page_token.empty()) {
    uint64_t parsed = 0;
    if (request.page_token[0] != 'o' ||
        !absl::SimpleAtoi(request.page_token.substr(1), &parsed)) {
      return absl::InvalidArgumentError("page_token is not a token this service issued");
    }
    offset = parsed;
  }
  std::string prefix = NormalizeTerm(request.name_prefix);
  // (sort name, entity): the sort name is kept by Index, not recomputed.
  std::vector<std::pair<const std::string*, const RegistryEntity*>> selected;
  std::shared_lock<std::shared_mutex> lock(mu_);
  for (const auto& [id, e] : entities_) {
    if (request.type.has_value() && e.type != *request.type) continue;
    if (e.document_count == 0) continue;  // every document that named it was removed
    const std::string& name = sort_names_.at(id);
    if (!prefix.empty() && name.compare(0, prefix.size(), prefix) != 0) continue;
    selected.emplace_back(&name, &e);
  }
  auto by_name = [](const auto& a, const auto& b) {
    return *a.first != *b.first ? *a.first < *b.first : a.second->id < b.second->id;
  };
  auto by_count = [&](const auto& a, const auto& b) {
    if (a.second->document_count != b.second->document_count) {
      return a.second->document_count > b.second->document_count;
    }
    return by_name(a, b);
  };
  // Only the entries up to the end of the requested page need ordering.
  size_t needed = std::min(selected.size(), offset + static_cast<size_t>(page_size) + 1);
  if (request.sort == EntitySort::kName) {
    std::partial_sort(selected.begin(), selected.begin() + needed, selected.end(), by_name);
  } else {
    std::partial_sort(selected.begin(), selected.begin() + needed, selected.end(), by_count);
  }
  ListEntitiesPage page;
  for (size_t i = offset; i < selected.size() && page.entities.size() < static_cast<size_t>(page_size); ++i) {
    page.entities.push_back(*selected[i].second);
  }
  if (offset + page.entities.size() < selected.size()) {
    page.next_page_token = absl::StrCat("o", offset + page.entities.size());
  }
  return page;
}

absl::Status EntityRegistry::AddAlias(const std::string& alias, const std::string& canonical,
                                      EntityType type) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  auto table = std::make_shared<AliasTable>(*aliases_);
  RETURN_IF_ERROR(table->Add(alias, canonical, type));
  WriteBatch batch = store_->NewWriteBatch();
  std::string key = absl::StrCat(std::string(type == EntityType::kUnknown
                                                 ? std::string_view("ANY")
                                                 : EntityTypeName(type)),
                                 "/", NameKey(alias));
  batch.Put(cf(keys::kAliases), key, EncodeAlias(AliasEntry{alias, canonical, type}));
  RETURN_IF_ERROR(store_->Write(batch));
  aliases_ = std::move(table);
  return absl::OkStatus();
}

std::shared_ptr<const AliasTable> EntityRegistry::aliases() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return aliases_;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> EntityRegistry::Merge(
    const std::string& from_id, const std::string& into_id) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  std::string from = Live(from_id);
  std::string into = Live(into_id);
  auto f = entities_.find(from);
  auto t = entities_.find(into);
  if (f == entities_.end()) return absl::NotFoundError(absl::StrCat("no entity ", from_id));
  if (t == entities_.end()) return absl::NotFoundError(absl::StrCat("no entity ", into_id));
  std::vector<std::pair<std::string, std::string>> redirects;
  if (from == into) return redirects;
  if (f->second.type != t->second.type) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge ", from, " (",
                                                   std::string(EntityTypeName(f->second.type)),
                                                   ") into ", into, " (",
                                                   std::string(EntityTypeName(t->second.type)), ")"));
  }
  RegistryEntity merged = t->second;
  WriteBatch batch = store_->NewWriteBatch();
  // Documents: a document naming both counts once.
  std::string prefix = keys::EntityDocPrefix(from);
  auto it = store_->NewIterator(cf(keys::kDocs), prefix);
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    std::string doc(it->key().substr(prefix.size()));
    std::string date;
    uint64_t mentions = 0;
    if (!DecodeEntityDoc(it->value(), &date, &mentions)) {
      return absl::DataLossError(absl::StrCat("corrupt record ", std::string(it->key())));
    }
    ASSIGN_OR_RETURN(std::optional<std::string> existing,
                     store_->Get(cf(keys::kDocs), keys::EntityDocKey(into, doc)));
    uint64_t total = mentions;
    if (existing.has_value()) {
      std::string existing_date;
      uint64_t existing_mentions = 0;
      if (DecodeEntityDoc(*existing, &existing_date, &existing_mentions)) total += existing_mentions;
    } else {
      merged.document_count += 1;
    }
    batch.Put(cf(keys::kDocs), keys::EntityDocKey(into, doc), EncodeEntityDoc(date, total));
    batch.Delete(cf(keys::kDocs), it->key());
  }
  RETURN_IF_ERROR(it->status());
  merged.mention_count += f->second.mention_count;
  if (!f->second.first_seen.empty() &&
      (merged.first_seen.empty() || f->second.first_seen < merged.first_seen)) {
    merged.first_seen = f->second.first_seen;
  }
  if (f->second.last_seen > merged.last_seen) merged.last_seen = f->second.last_seen;
  AddAliasName(&merged, f->second.canonical_name);
  for (const std::string& a : f->second.aliases) AddAliasName(&merged, a);
  // Roles move to the surviving id.
  std::string role_prefix = keys::RolePrefix(from);
  auto roles = store_->NewIterator(cf(keys::kRoles), role_prefix);
  for (roles->Seek(role_prefix);
       roles->Valid() && roles->key().substr(0, role_prefix.size()) == role_prefix; roles->Next()) {
    batch.Put(cf(keys::kRoles),
              absl::StrCat(keys::RolePrefix(into), std::string(roles->key().substr(role_prefix.size()))),
              roles->value());
    batch.Delete(cf(keys::kRoles), roles->key());
  }
  RETURN_IF_ERROR(roles->status());
  batch.Put(cf(keys::kEntities), into, EncodeEntity(merged));
  batch.Delete(cf(keys::kEntities), from);
  // Every id that led to `from` now leads straight to `into`.
  redirects.emplace_back(from, into);
  for (const auto& [old_id, target] : redirects_) {
    if (target == from) redirects.emplace_back(old_id, into);
  }
  for (const auto& [old_id, target] : redirects) batch.Put(cf(keys::kRedirects), old_id, target);
  RETURN_IF_ERROR(store_->Write(batch));
  for (const auto& [old_id, target] : redirects) redirects_[old_id] = target;
  entities_.erase(from);
  sort_names_.erase(from);
  entities_[into] = merged;
  Index(merged);
  return redirects;
}

size_t EntityRegistry::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return entities_.size();
}

}  // namespace newsgraph
