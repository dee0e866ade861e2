#include "services/extraction/grpc/extraction_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/annotations_conversion.h"
#include "common/grpc/feed_streaming.h"
#include "common/grpc/status_conversion.h"

namespace newsgraph::extraction {
namespace {

namespace v1 = newsgraph::v1;

void EntityToProto(const RegistryEntity& entity, v1::Entity* out) {
  out->set_entity_id(entity.id);
  out->set_canonical_name(entity.canonical_name);
  out->set_type(EntityTypeToProto(entity.type));
  for (const std::string& alias : entity.aliases) out->add_aliases(alias);
  out->set_document_count(static_cast<uint32_t>(entity.document_count));
  out->set_mention_count(static_cast<uint32_t>(entity.mention_count));
  out->set_first_seen(entity.first_seen);
  out->set_last_seen(entity.last_seen);
  for (const RegistryRole& role : entity.roles) {
    v1::Role* r = out->add_roles();
    r->set_person_entity_id(entity.id);
    r->set_person_name(entity.canonical_name);
    r->set_title(role.title);
    r->set_normalized_title(role.normalized_title);
    r->set_organization(role.organization);
    r->set_organization_entity_id(role.organization_entity_id);
    r->set_doc_id(role.doc_id);
    r->set_date(role.date);
  }
}

bool ValidEncoding(v1::EncodingType encoding) {
  return v1::EncodingType_IsValid(encoding);
}

}  // namespace

grpc::Status ExtractionServiceImpl::Extract(grpc::ServerContext* context,
                                            const v1::ExtractRequest* request,
                                            v1::ExtractResponse* response) {
  if (!ValidEncoding(request->encoding_type())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "encoding_type: unknown value");
  }
  absl::StatusOr<DocumentAnnotations> annotations =
      store_->Extract(request->text(), request->reference_date());
  if (!annotations.ok()) return ToGrpcStatus(annotations.status());
  AnnotationsToProto(*annotations, OffsetConverter(request->text(), request->encoding_type()),
                     response->mutable_annotations());
  return grpc::Status::OK;
}

grpc::Status ExtractionServiceImpl::GetAnnotations(grpc::ServerContext* context,
                                                   const v1::GetAnnotationsRequest* request,
                                                   v1::Annotations* response) {
  if (request->doc_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "doc_id: required");
  }
  if (!ValidEncoding(request->encoding_type())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "encoding_type: unknown value");
  }
  absl::StatusOr<DocumentAnnotations> annotations = store_->GetAnnotations(request->doc_id());
  if (!annotations.ok()) return ToGrpcStatus(annotations.status());
  AnnotationsToProto(*annotations, OffsetConverter(annotations->text, request->encoding_type()),
                     response);
  return grpc::Status::OK;
}

grpc::Status ExtractionServiceImpl::GetEntity(grpc::ServerContext* context,
                                              const v1::GetEntityRequest* request,
                                              v1::Entity* response) {
  if (request->entity_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "entity_id: required");
  }
  absl::StatusOr<RegistryEntity> entity = store_->registry().GetEntity(request->entity_id());
  if (!entity.ok()) return ToGrpcStatus(entity.status());
  EntityToProto(*entity, response);
  if (entity->id != request->entity_id()) response->add_merged_ids(request->entity_id());
  return grpc::Status::OK;
}

grpc::Status ExtractionServiceImpl::ListEntities(grpc::ServerContext* context,
                                                 const v1::ListEntitiesRequest* request,
                                                 v1::ListEntitiesResponse* response) {
  ListEntitiesRequest list;
  if (request->type() != v1::ENTITY_TYPE_UNSPECIFIED) {
    list.type = EntityTypeFromProto(request->type());
  }
  list.name_prefix = request->name_prefix();
  if (request->order_by().empty() || request->order_by() == "document_count") {
    list.sort = EntitySort::kDocumentCount;
  } else if (request->order_by() == "name") {
    list.sort = EntitySort::kName;
  } else {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("order_by: \"", request->order_by(),
                                     "\" is not one of document_count, name"));
  }
  list.page_size = request->page_size();
  list.page_token = request->page_token();
  absl::StatusOr<ListEntitiesPage> page = store_->registry().ListEntities(list);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const RegistryEntity& entity : page->entities) EntityToProto(entity, response->add_entities());
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status ExtractionServiceImpl::AddAlias(grpc::ServerContext* context,
                                             const v1::AddAliasRequest* request,
                                             v1::AddAliasResponse* response) {
  const EntityType type = EntityTypeFromProto(request->type());
  const std::optional<std::string> before =
      store_->registry().aliases()->Canonical(request->alias(), type);
  absl::Status status =
      store_->registry().AddAlias(request->alias(), request->canonical_name(), type);
  if (!status.ok()) return ToGrpcStatus(status);
  response->set_added(!before.has_value() || *before != request->canonical_name());
  return grpc::Status::OK;
}

grpc::Status ExtractionServiceImpl::WatchAnnotations(
    grpc::ServerContext* context, const v1::WatchAnnotationsRequest* request,
    grpc::ServerWriter<v1::AnnotationChange>* writer) {
  return StreamFeed(context, store_->feed(), request->after_sequence(),
                    [writer] { writer->SendInitialMetadata(); },
                    [writer](uint64_t sequence, const std::string& payload,
                             uint64_t head) -> absl::StatusOr<bool> {
                      absl::StatusOr<AnnotationChange> change = DecodeAnnotationChange(payload);
                      if (!change.ok()) return change.status();
                      change->sequence = sequence;
                      v1::AnnotationChange out;
                      AnnotationChangeToProto(*change, &out);
                      out.set_head_sequence(head);
                      return writer->Write(out);
                    });
}

}  // namespace newsgraph::extraction
