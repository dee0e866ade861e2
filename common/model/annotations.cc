#include "common/model/annotations.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "common/model/change_header.h"

namespace newsgraph {
namespace {

constexpr uint64_t kAnnotationsFormat = 1;

void EncodeValue(const NormalizedValue& value, Encoder& enc) {
  enc.PutString(value.text);
  enc.PutDouble(value.number);
  enc.PutString(value.unit);
  enc.PutString(value.date_begin);
  enc.PutString(value.date_end);
}

bool DecodeValue(Decoder& dec, NormalizedValue* value) {
  return dec.GetString(&value->text) && dec.GetDouble(&value->number) &&
         dec.GetString(&value->unit) && dec.GetString(&value->date_begin) &&
         dec.GetString(&value->date_end);
}

bool DecodeType(Decoder& dec, EntityType* type) {
  uint32_t raw = 0;
  if (!dec.GetVarint32(&raw) || raw > static_cast<uint32_t>(EntityType::kMisc)) {
    return false;
  }
  *type = static_cast<EntityType>(raw);
  return true;
}

// Reads a count and checks it against the bytes left, so a corrupt count
// cannot make us allocate gigabytes.
bool GetCount(Decoder& dec, uint64_t* count) {
  return dec.GetVarint64(count) && *count <= dec.remaining();
}

void EncodeAnnotationsTo(const DocumentAnnotations& a, Encoder& enc) {
  enc.PutVarint64(kAnnotationsFormat);
  enc.PutString(a.doc_id);
  enc.PutVarint32(a.doc_version);
  enc.PutString(a.title);
  enc.PutString(a.source);
  enc.PutString(a.url);
  enc.PutString(a.published_date);
  enc.PutString(a.text);
  enc.PutVarint32(a.body_begin);
  enc.PutVarint32(a.body_end);
  enc.PutVarint64(a.mentions.size());
  for (const Mention& m : a.mentions) {
    enc.PutVarint32(m.begin);
    enc.PutVarint32(m.end);
    enc.PutString(m.text);
    enc.PutVarint32(static_cast<uint32_t>(m.type));
    enc.PutFloat(m.confidence);
    enc.PutBool(m.value.has_value());
    if (m.value) EncodeValue(*m.value, enc);
    enc.PutString(m.entity_id);
  }
  enc.PutVarint64(a.entities.size());
  for (const DocumentEntity& e : a.entities) {
    enc.PutString(e.entity_id);
    enc.PutString(e.canonical_name);
    enc.PutVarint32(static_cast<uint32_t>(e.type));
    enc.PutFloat(e.salience);
    enc.PutVarint32(e.mention_count);
    enc.PutVarint64(e.aliases.size());
    for (const std::string& alias : e.aliases) enc.PutString(alias);
  }
  enc.PutVarint64(a.roles.size());
  for (const Role& r : a.roles) {
    enc.PutString(r.person_entity_id);
    enc.PutString(r.person_name);
    enc.PutString(r.title);
    enc.PutString(r.normalized_title);
    enc.PutString(r.organization);
    enc.PutString(r.organization_entity_id);
    enc.PutVarint32(r.begin);
    enc.PutVarint32(r.end);
  }
  enc.PutVarint64(a.quotes.size());
  for (const Quote& q : a.quotes) {
    enc.PutVarint32(q.begin);
    enc.PutVarint32(q.end);
    enc.PutString(q.text);
    enc.PutString(q.speaker_entity_id);
    enc.PutString(q.speaker_name);
    enc.PutVarint32(q.cue_begin);
    enc.PutVarint32(q.cue_end);
  }
}

bool DecodeAnnotationsFrom(Decoder& dec, DocumentAnnotations* a) {
  uint64_t format = 0;
  if (!dec.GetVarint64(&format) || format != kAnnotationsFormat) return false;
  dec.GetString(&a->doc_id);
  dec.GetVarint32(&a->doc_version);
  dec.GetString(&a->title);
  dec.GetString(&a->source);
  dec.GetString(&a->url);
  dec.GetString(&a->published_date);
  dec.GetString(&a->text);
  dec.GetVarint32(&a->body_begin);
  dec.GetVarint32(&a->body_end);
  uint64_t count = 0;
  if (!GetCount(dec, &count)) return false;
  a->mentions.resize(count);
  for (Mention& m : a->mentions) {
    bool has_value = false;
    if (!(dec.GetVarint32(&m.begin) && dec.GetVarint32(&m.end) &&
          dec.GetString(&m.text) && DecodeType(dec, &m.type) &&
          dec.GetFloat(&m.confidence) && dec.GetBool(&has_value))) {
      return false;
    }
    if (has_value) {
      m.value.emplace();
      if (!DecodeValue(dec, &*m.value)) return false;
    }
    if (!dec.GetString(&m.entity_id)) return false;
  }
  if (!GetCount(dec, &count)) return false;
  a->entities.resize(count);
  for (DocumentEntity& e : a->entities) {
    uint64_t aliases = 0;
    if (!(dec.GetString(&e.entity_id) && dec.GetString(&e.canonical_name) &&
          DecodeType(dec, &e.type) && dec.GetFloat(&e.salience) &&
          dec.GetVarint32(&e.mention_count) && GetCount(dec, &aliases))) {
      return false;
    }
    e.aliases.resize(aliases);
    for (std::string& alias : e.aliases) dec.GetString(&alias);
  }
  if (!GetCount(dec, &count)) return false;
  a->roles.resize(count);
  for (Role& r : a->roles) {
    dec.GetString(&r.person_entity_id);
    dec.GetString(&r.person_name);
    dec.GetString(&r.title);
    dec.GetString(&r.normalized_title);
    dec.GetString(&r.organization);
    dec.GetString(&r.organization_entity_id);
    dec.GetVarint32(&r.begin);
    dec.GetVarint32(&r.end);
  }
  if (!GetCount(dec, &count)) return false;
  a->quotes.resize(count);
  for (Quote& q : a->quotes) {
    dec.GetVarint32(&q.begin);
    dec.GetVarint32(&q.end);
    dec.GetString(&q.text);
    dec.GetString(&q.speaker_entity_id);
    dec.GetString(&q.speaker_name);
    dec.GetVarint32(&q.cue_begin);
    dec.GetVarint32(&q.cue_end);
  }
  return dec.ok();
}

}  // namespace

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "PERSON";
    case EntityType::kOrganization: return "ORG";
    case EntityType::kLocation: return "LOCATION";
    case EntityType::kDate: return "DATE";
    case EntityType::kMoney: return "MONEY";
    case EntityType::kPercent: return "PERCENT";
    case EntityType::kQuantity: return "QUANTITY";
    case EntityType::kMisc: return "MISC";
    case EntityType::kUnknown: break;
  }
  return "UNKNOWN";
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  const std::string upper = absl::AsciiStrToUpper(std::string(name));
  if (upper == "PERSON" || upper == "PER") return EntityType::kPerson;
  if (upper == "ORG" || upper == "ORGANIZATION" || upper == "ORGANISATION") {
    return EntityType::kOrganization;
  }
  if (upper == "LOCATION" || upper == "LOC" || upper == "GPE" || upper == "PLACE") {
    return EntityType::kLocation;
  }
  if (upper == "DATE") return EntityType::kDate;
  if (upper == "MONEY") return EntityType::kMoney;
  if (upper == "PERCENT") return EntityType::kPercent;
  if (upper == "QUANTITY") return EntityType::kQuantity;
  if (upper == "MISC") return EntityType::kMisc;
  return std::nullopt;
}

bool IsNamedType(EntityType type) {
  return type == EntityType::kPerson || type == EntityType::kOrganization ||
         type == EntityType::kLocation;
}

std::string EncodeDocumentAnnotations(const DocumentAnnotations& annotations) {
  std::string out;
  Encoder enc(&out);
  EncodeAnnotationsTo(annotations, enc);
  return out;
}

absl::StatusOr<DocumentAnnotations> DecodeDocumentAnnotations(std::string_view bytes) {
  Decoder dec(bytes);
  DocumentAnnotations annotations;
  if (!DecodeAnnotationsFrom(dec, &annotations) || !dec.done()) {
    return absl::DataLossError(
        absl::StrCat("corrupt annotations record (", bytes.size(), " bytes)"));
  }
  return annotations;
}

std::string EncodeAnnotationChange(const AnnotationChange& change) {
  std::string out;
  Encoder enc(&out);
  model_internal::EncodeChangeHeader(change, enc);
  if (change.kind == AnnotationChange::Kind::kUpsert) {
    EncodeAnnotationsTo(change.annotations, enc);
  }
  enc.PutVarint64(change.entity_redirects.size());
  for (const auto& [from, to] : change.entity_redirects) {
    enc.PutString(from);
    enc.PutString(to);
  }
  return out;
}

absl::StatusOr<AnnotationChange> DecodeAnnotationChange(std::string_view bytes) {
  Decoder dec(bytes);
  AnnotationChange change;
  bool ok = model_internal::DecodeChangeHeader(dec, &change);
  if (ok && change.kind == AnnotationChange::Kind::kUpsert) {
    ok = DecodeAnnotationsFrom(dec, &change.annotations);
  }
  uint64_t redirects = 0;
  ok = ok && GetCount(dec, &redirects);
  if (ok) {
    change.entity_redirects.resize(redirects);
    for (auto& [from, to] : change.entity_redirects) {
      ok = ok && dec.GetString(&from) && dec.GetString(&to);
    }
  }
  if (!ok || !dec.done()) {
    return absl::DataLossError(
        absl::StrCat("corrupt annotation change record (", bytes.size(), " bytes)"));
  }
  return change;
}

}  // namespace newsgraph
