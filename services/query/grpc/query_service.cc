#include "services/query/grpc/query_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/annotations_conversion.h"
#include "common/grpc/status_conversion.h"

namespace newsgraph::query {
namespace {

namespace v1 = newsgraph::v1;

constexpr int kMaxProfileItems = 100;
constexpr int kMaxCoOccurrences = 1000;

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

absl::StatusOr<int> Bounded(const char* field, int requested, int default_value, int max_value) {
  if (requested < 0 || requested > max_value) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be between 0 and ", max_value, ", got ", requested));
  }
  return requested == 0 ? default_value : requested;
}

void CoEntityToProto(const CoEntity& entity, v1::CoOccurrence* out) {
  out->set_entity_id(entity.entity_id);
  out->set_canonical_name(entity.canonical_name);
  out->set_type(EntityTypeToProto(entity.type));
  out->set_document_count(static_cast<uint32_t>(entity.documents_together));
  out->set_pmi(entity.pmi);
}

}  // namespace

grpc::Status QueryServiceImpl::Search(grpc::ServerContext* context,
                                      const v1::SearchRequest* request,
                                      v1::SearchResponse* response) {
  SearchQuery query;
  query.query = request->query();
  query.entities.assign(request->entities().begin(), request->entities().end());
  for (int type : request->types()) {
    const EntityType domain = EntityTypeFromProto(static_cast<v1::EntityType>(type));
    if (domain == EntityType::kUnknown) return InvalidArgument("types: unspecified entity type");
    query.types.emplace_back(EntityTypeName(domain));
  }
  query.sources.assign(request->sources().begin(), request->sources().end());
  query.after = request->published_after();
  query.before = request->published_before();
  if (request->order_by().empty() || request->order_by() == "relevance") {
    query.sort = SortOrder::kRelevance;
  } else if (request->order_by() == "date") {
    query.sort = SortOrder::kDate;
  } else {
    return InvalidArgument(absl::StrCat("order_by: \"", request->order_by(),
                                        "\" is not one of relevance, date"));
  }
  query.page_size = request->page_size();
  query.page_token = request->page_token();
  query.exact_total = request->exact_total();
  absl::StatusOr<SearchResult> result = index_->Search(query);
  if (!result.ok()) return ToGrpcStatus(result.status());
  for (const SearchHit& hit : result->hits) {
    v1::SearchHit* out = response->add_hits();
    out->set_doc_id(hit.doc_id);
    out->set_title(hit.title);
    out->set_source(hit.source);
    out->set_url(hit.url);
    out->set_published_date(hit.published_date);
    out->set_score(hit.score);
    v1::Snippet* snippet = out->mutable_snippet();
    snippet->set_text(hit.snippet.text);
    snippet->set_marked(hit.snippet.marked);
    snippet->set_offset(hit.snippet.begin);
    OffsetConverter offsets(hit.snippet.text, request->encoding_type());
    for (const Span& span : hit.snippet.highlights) {
      v1::Span* highlight = snippet->add_highlights();
      highlight->set_begin(offsets.Convert(span.begin));
      highlight->set_end(offsets.Convert(span.end));
    }
    for (const HitEntity& entity : hit.entities) {
      v1::DocumentEntity* e = out->add_entities();
      e->set_entity_id(entity.entity_id);
      e->set_canonical_name(entity.canonical_name);
      e->set_type(EntityTypeToProto(entity.type));
      e->set_mention_count(entity.mention_count);
    }
  }
  response->set_next_page_token(result->next_page_token);
  response->set_total_size(static_cast<int64_t>(result->total_size));
  response->set_total_size_is_estimate(!result->total_size_exact);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetEntityProfile(grpc::ServerContext* context,
                                                const v1::GetEntityProfileRequest* request,
                                                v1::EntityProfile* response) {
  if (request->entity().empty()) return InvalidArgument("entity: required (an id or a name)");
  EntityProfileOptions options;
  absl::StatusOr<int> top = Bounded("top_cooccurring", request->top_cooccurring(),
                                    options.top_entities, kMaxProfileItems);
  if (!top.ok()) return ToGrpcStatus(top.status());
  absl::StatusOr<int> latest = Bounded("latest_documents", request->latest_documents(),
                                       options.latest_documents, kMaxProfileItems);
  if (!latest.ok()) return ToGrpcStatus(latest.status());
  options.top_entities = *top;
  options.latest_documents = *latest;
  absl::StatusOr<EntityProfile> profile = index_->GetEntityProfile(request->entity(), options);
  if (!profile.ok()) return ToGrpcStatus(profile.status());
  response->set_entity_id(profile->entity_id);
  response->set_canonical_name(profile->canonical_name);
  response->set_type(EntityTypeToProto(profile->type));
  for (const std::string& alias : profile->aliases) response->add_aliases(alias);
  for (const RoleHeld& role : profile->roles) {
    v1::Role* out = response->add_roles();
    out->set_person_entity_id(profile->entity_id);
    out->set_person_name(profile->canonical_name);
    out->set_title(role.title);
    out->set_normalized_title(role.normalized_title);
    out->set_organization(role.organization);
    out->set_organization_entity_id(role.organization_entity_id);
    out->set_doc_id(role.doc_id);
    out->set_date(role.published_date);
  }
  response->set_mention_count(static_cast<uint32_t>(profile->mention_count));
  response->set_document_count(static_cast<uint32_t>(profile->document_count));
  response->set_first_seen(profile->first_seen);
  response->set_last_seen(profile->last_seen);
  for (const CoEntity& e : profile->top_by_count) CoEntityToProto(e, response->add_top_by_count());
  for (const CoEntity& e : profile->top_by_pmi) CoEntityToProto(e, response->add_top_by_pmi());
  for (const DocRef& doc : profile->latest_documents) {
    v1::DocumentRef* out = response->add_latest_documents();
    out->set_doc_id(doc.doc_id);
    out->set_title(doc.title);
    out->set_published_date(doc.published_date);
    out->set_source(doc.source);
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetCoOccurrences(grpc::ServerContext* context,
                                                const v1::GetCoOccurrencesRequest* request,
                                                v1::GetCoOccurrencesResponse* response) {
  if (request->entity().empty()) return InvalidArgument("entity: required (an id or a name)");
  absl::StatusOr<int> limit = Bounded("limit", request->limit(), 20, kMaxCoOccurrences);
  if (!limit.ok()) return ToGrpcStatus(limit.status());
  const bool by_pmi = request->order_by() == "pmi";
  if (!by_pmi && !request->order_by().empty() && request->order_by() != "count") {
    return InvalidArgument(
        absl::StrCat("order_by: \"", request->order_by(), "\" is not one of count, pmi"));
  }
  EntityProfileOptions options;
  // Ask for every co-occurring entity when a type filter may drop some.
  options.top_entities = request->type() == v1::ENTITY_TYPE_UNSPECIFIED ? *limit : kMaxCoOccurrences;
  options.latest_documents = 0;
  absl::StatusOr<EntityProfile> profile = index_->GetEntityProfile(request->entity(), options);
  if (!profile.ok()) return ToGrpcStatus(profile.status());
  const std::vector<CoEntity>& ranked = by_pmi ? profile->top_by_pmi : profile->top_by_count;
  for (const CoEntity& entity : ranked) {
    if (response->entities_size() >= *limit) break;
    if (request->type() != v1::ENTITY_TYPE_UNSPECIFIED &&
        EntityTypeToProto(entity.type) != request->type()) {
      continue;
    }
    CoEntityToProto(entity, response->add_entities());
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetTimeline(grpc::ServerContext* context,
                                           const v1::GetTimelineRequest* request,
                                           v1::GetTimelineResponse* response) {
  if (request->entity().empty() == request->query().empty()) {
    return InvalidArgument("entity, query: give exactly one of them");
  }
  TimelineQuery query;
  query.entity = request->entity();
  query.query = request->query();
  if (request->granularity().empty() || request->granularity() == "month") {
    query.granularity = Granularity::kMonth;
  } else if (request->granularity() == "week") {
    query.granularity = Granularity::kWeek;
  } else if (request->granularity() == "day") {
    query.granularity = Granularity::kDay;
  } else {
    return InvalidArgument(absl::StrCat("granularity: \"", request->granularity(),
                                        "\" is not one of day, week, month"));
  }
  query.from = request->published_after();
  query.to = request->published_before();
  absl::StatusOr<std::vector<TimelineBucket>> buckets = index_->Timeline(query);
  if (!buckets.ok()) return ToGrpcStatus(buckets.status());
  for (const TimelineBucket& bucket : *buckets) {
    v1::TimelineBucket* out = response->add_buckets();
    out->set_period_start(bucket.start);
    out->set_mention_count(static_cast<uint32_t>(bucket.mentions));
    out->set_document_count(static_cast<uint32_t>(bucket.documents));
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::SearchQuotes(grpc::ServerContext* context,
                                            const v1::SearchQuotesRequest* request,
                                            v1::SearchQuotesResponse* response) {
  QuoteQuery query;
  query.speaker = request->speaker();
  query.words = request->text();
  query.page_size = request->page_size();
  query.page_token = request->page_token();
  absl::StatusOr<QuoteResult> result = index_->Quotes(query);
  if (!result.ok()) return ToGrpcStatus(result.status());
  for (const QuoteHit& hit : result->quotes) {
    v1::Quote* out = response->add_quotes();
    out->set_text(hit.text);
    out->set_speaker_entity_id(hit.speaker_entity_id);
    out->set_speaker_name(hit.speaker_name);
    out->set_doc_id(hit.doc_id);
    out->set_date(hit.published_date);
    out->mutable_span()->set_begin(hit.begin);
    out->mutable_span()->set_end(hit.end);
  }
  response->set_next_page_token(result->next_page_token);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetStats(grpc::ServerContext* context,
                                        const v1::GetStatsRequest* request, v1::Stats* response) {
  absl::StatusOr<IndexStats> stats = index_->Stats();
  if (!stats.ok()) return ToGrpcStatus(stats.status());
  response->set_document_count(stats->documents);
  for (const auto& [type, count] : stats->entities_by_type) {
    v1::TypeCount* out = response->add_entities_by_type();
    std::optional<EntityType> parsed = ParseEntityType(type);
    out->set_type(EntityTypeToProto(parsed.value_or(EntityType::kUnknown)));
    out->set_count(count);
  }
  for (const auto& [source, count] : stats->sources) {
    v1::SourceCount* out = response->add_sources();
    out->set_source(source);
    out->set_document_count(count);
  }
  response->set_first_date(stats->first_date);
  response->set_last_date(stats->last_date);
  response->set_index_bytes(stats->disk_bytes);
  response->set_feed_cursor(stats->cursor);
  return grpc::Status::OK;
}

}  // namespace newsgraph::query
