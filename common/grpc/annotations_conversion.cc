#include "common/grpc/annotations_conversion.h"

#include "google/protobuf/util/time_util.h"

namespace newsgraph {
namespace {

namespace v1 = newsgraph::v1;
using google::protobuf::util::TimeUtil;

void SetSpan(uint32_t begin, uint32_t end, const OffsetConverter& offsets, v1::Span* span) {
  span->set_begin(offsets.Convert(begin));
  span->set_end(offsets.Convert(end));
}

uint32_t Clamp(uint32_t offset, size_t size) {
  return offset > size ? static_cast<uint32_t>(size) : offset;
}

}  // namespace

OffsetConverter::OffsetConverter(std::string_view text, v1::EncodingType encoding)
    : encoding_(encoding) {
  if (encoding_ != v1::UTF16 && encoding_ != v1::CODE_POINTS) return;
  units_before_.resize(text.size() + 1);
  uint32_t units = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (lead >= 0x80 && lead < 0xc0) length = 1;  // stray continuation byte
    length = std::min(length, text.size() - i);
    for (size_t k = 0; k < length; ++k) units_before_[i + k] = units;
    units += (encoding_ == v1::UTF16 && length == 4) ? 2 : 1;
    i += length;
  }
  units_before_[text.size()] = units;
}

uint32_t OffsetConverter::Convert(uint32_t utf8_offset) const {
  if (units_before_.empty()) return utf8_offset;
  return units_before_[std::min<size_t>(utf8_offset, units_before_.size() - 1)];
}

v1::EntityType EntityTypeToProto(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return v1::PERSON;
    case EntityType::kOrganization: return v1::ORG;
    case EntityType::kLocation: return v1::LOCATION;
    case EntityType::kDate: return v1::DATE;
    case EntityType::kMoney: return v1::MONEY;
    case EntityType::kPercent: return v1::PERCENT;
    case EntityType::kQuantity: return v1::QUANTITY;
    default: return v1::ENTITY_TYPE_UNSPECIFIED;
  }
}

EntityType EntityTypeFromProto(v1::EntityType type) {
  switch (type) {
    case v1::PERSON: return EntityType::kPerson;
    case v1::ORG: return EntityType::kOrganization;
    case v1::LOCATION: return EntityType::kLocation;
    case v1::DATE: return EntityType::kDate;
    case v1::MONEY: return EntityType::kMoney;
    case v1::PERCENT: return EntityType::kPercent;
    case v1::QUANTITY: return EntityType::kQuantity;
    default: return EntityType::kUnknown;
  }
}

void AnnotationsToProto(const DocumentAnnotations& a, const OffsetConverter& offsets,
                        v1::Annotations* proto) {
  proto->set_doc_id(a.doc_id);
  proto->set_doc_version(a.doc_version);
  for (const Mention& m : a.mentions) {
    v1::Mention* out = proto->add_mentions();
    SetSpan(m.begin, m.end, offsets, out->mutable_span());
    out->set_text(m.text);
    out->set_type(EntityTypeToProto(m.type));
    out->set_confidence(m.confidence);
    out->set_entity_id(m.entity_id);
    if (m.value) {
      v1::NormalizedValue* value = out->mutable_value();
      value->set_text(m.value->text);
      value->set_number(m.value->number);
      value->set_unit(m.value->unit);
      value->set_date_begin(m.value->date_begin);
      value->set_date_end(m.value->date_end);
    }
  }
  for (const DocumentEntity& e : a.entities) {
    v1::DocumentEntity* out = proto->add_entities();
    out->set_entity_id(e.entity_id);
    out->set_canonical_name(e.canonical_name);
    out->set_type(EntityTypeToProto(e.type));
    out->set_salience(e.salience);
    out->set_mention_count(e.mention_count);
    for (const std::string& alias : e.aliases) out->add_aliases(alias);
  }
  for (const Role& r : a.roles) {
    v1::Role* out = proto->add_roles();
    out->set_person_entity_id(r.person_entity_id);
    out->set_person_name(r.person_name);
    out->set_title(r.title);
    out->set_normalized_title(r.normalized_title);
    out->set_organization(r.organization);
    out->set_organization_entity_id(r.organization_entity_id);
    SetSpan(r.begin, r.end, offsets, out->mutable_span());
  }
  for (const Quote& q : a.quotes) {
    v1::Quote* out = proto->add_quotes();
    SetSpan(q.begin, q.end, offsets, out->mutable_span());
    out->set_text(q.text);
    out->set_speaker_entity_id(q.speaker_entity_id);
    out->set_speaker_name(q.speaker_name);
    SetSpan(q.cue_begin, q.cue_end, offsets, out->mutable_cue_span());
  }
}

void AnnotationChangeToProto(const AnnotationChange& change, v1::AnnotationChange* proto) {
  proto->set_sequence(change.sequence);
  proto->set_doc_id(change.doc_id);
  *proto->mutable_time() = TimeUtil::MillisecondsToTimestamp(change.timestamp_ms);
  for (const auto& [from, to] : change.entity_redirects) {
    v1::EntityRedirect* redirect = proto->add_entity_redirects();
    redirect->set_from_entity_id(from);
    redirect->set_to_entity_id(to);
  }
  if (change.kind == AnnotationChange::Kind::kDelete) {
    proto->set_kind(v1::AnnotationChange::DELETE);
    return;
  }
  proto->set_kind(v1::AnnotationChange::UPSERT);
  const DocumentAnnotations& a = change.annotations;
  v1::AnnotatedDocument* doc = proto->mutable_document();
  doc->set_doc_id(a.doc_id);
  doc->set_doc_version(a.doc_version);
  doc->set_title(a.title);
  doc->set_source(a.source);
  doc->set_url(a.url);
  doc->set_published_date(a.published_date);
  doc->set_text(a.text);
  doc->set_body_begin(a.body_begin);
  doc->set_body_end(a.body_end);
  AnnotationsToProto(a, OffsetConverter(a.text, v1::UTF8), doc->mutable_annotations());
}

AnnotationChange AnnotationChangeFromProto(const v1::AnnotationChange& proto) {
  AnnotationChange change;
  change.sequence = proto.sequence();
  change.doc_id = proto.doc_id();
  change.timestamp_ms = TimeUtil::TimestampToMilliseconds(proto.time());
  for (const v1::EntityRedirect& redirect : proto.entity_redirects()) {
    change.entity_redirects.emplace_back(redirect.from_entity_id(), redirect.to_entity_id());
  }
  if (proto.kind() == v1::AnnotationChange::DELETE) {
    change.kind = AnnotationChange::Kind::kDelete;
    return change;
  }
  change.kind = AnnotationChange::Kind::kUpsert;
  const v1::AnnotatedDocument& doc = proto.document();
  DocumentAnnotations& a = change.annotations;
  a.doc_id = doc.doc_id();
  a.doc_version = doc.doc_version();
  a.title = doc.title();
  a.source = doc.source();
  a.url = doc.url();
  a.published_date = doc.published_date();
  a.text = doc.text();
  const size_t size = a.text.size();
  a.body_begin = Clamp(doc.body_begin(), size);
  a.body_end = std::max(a.body_begin, Clamp(doc.body_end(), size));
  const v1::Annotations& in = doc.annotations();
  for (const v1::Mention& m : in.mentions()) {
    Mention out;
    out.begin = Clamp(m.span().begin(), size);
    out.end = std::max(out.begin, Clamp(m.span().end(), size));
    out.text = m.text();
    out.type = EntityTypeFromProto(m.type());
    out.confidence = m.confidence();
    out.entity_id = m.entity_id();
    if (m.has_value()) {
      out.value = NormalizedValue{m.value().text(), m.value().number(), m.value().unit(),
                                  m.value().date_begin(), m.value().date_end()};
    }
    a.mentions.push_back(std::move(out));
  }
  for (const v1::DocumentEntity& e : in.entities()) {
    DocumentEntity out;
    out.entity_id = e.entity_id();
    out.canonical_name = e.canonical_name();
    out.type = EntityTypeFromProto(e.type());
    out.salience = e.salience();
    out.mention_count = e.mention_count();
    out.aliases.assign(e.aliases().begin(), e.aliases().end());
    a.entities.push_back(std::move(out));
  }
  for (const v1::Role& r : in.roles()) {
    a.roles.push_back(Role{r.person_entity_id(), r.person_name(), r.title(), r.normalized_title(),
                           r.organization(), r.organization_entity_id(),
                           Clamp(r.span().begin(), size), Clamp(r.span().end(), size)});
  }
  for (const v1::Quote& q : in.quotes()) {
    a.quotes.push_back(Quote{Clamp(q.span().begin(), size), Clamp(q.span().end(), size), q.text(),
                             q.speaker_entity_id(), q.speaker_name(),
                             Clamp(q.cue_span().begin(), size), Clamp(q.cue_span().end(), size)});
  }
  return change;
}

}  // namespace newsgraph
