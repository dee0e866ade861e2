// In-document analysis: turns one document's mentions into document-local
// canonical entities with salience, roles (person, title, organization or
// place) and direct quotes with their speakers.
//
//   DocumentKnowledge k = AnalyzeDocument(text, mentions, aliases);
//   // k.entities[k.mention_entity[i]] is the entity of mentions[i]
//
// What it does (each rule is general; names come from the mentions):
// - PERSON: a later surname or partial name ("Serikova") joins the one full
//   name mentioned earlier that contains it; when two different full names
//   share it ("Marat Seitkali", "Gulnara Seitkali"), the bare surname is
//   ambiguous and stays unlinked (mention_entity -1): people are never merged
//   on a guess. Honorifics ("Dr.") and possessives are not part of names.
// - ORG: an acronym joins its expansion when the text defines it ("World
//   Health Organization (WHO)"), when the alias table knows the pair, or when
//   it spells the initials of exactly one organization of the document.
// - LOCATION: renamed places and short forms take the alias table's
//   canonical ("Nur-Sultan" -> "Astana"); hyphen, case and possessive
//   variants ("Nursultan", "NUR-SULTAN", "Shymkent’s") share one entity.
// - Canonical name: the longest full form (the alias table's canonical when
//   it has one); names seen only in capitals are title-cased.
// - Salience in 0..1, summing to 1 over the document's entities: mentions,
//   earliness of the first mention, presence in the lead paragraph and in
//   the headline, holding a role, being quoted.
// - Roles from title patterns and appositions: "Health Minister Dana
//   Serikova", "Prime Minister of Kazakhstan X", "Shymkent’s governor X",
//   "head of the Steppe Institute for Policy Studies X", "the new director of
//   the regional health department, X", "Kyrgyz Foreign Ministry
//   Spokesperson X", "X, the Minister of Healthcare,". A title without a
//   person yields no role.
// - Quotes in “ ”, « » and " ", across sentences and across paragraphs
//   (a paragraph that reopens the quote continues it); a quote inside a quote
//   stays part of the outer one. The speaker comes from a cue after or before
//   the quote ("he said", "Serikova noted", "said X", "the President
//   emphasized", "according to him"); pronouns and bare titles resolve to the
//   most recent matching person (a title to someone who held it in this
//   document). A quote without a cue continues the speaker of the previous
//   quote in the same paragraph; otherwise its speaker stays empty.
//
// Entity ids are document-local ("local-0", "local-1", ...) until
// EntityRegistry::Link or Resolve replaces them with registry ids.
//
// Thread-safe: a pure function.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_DOCUMENT_KNOWLEDGE_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_DOCUMENT_KNOWLEDGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model/annotations.h"
#include "services/extraction/knowledge/alias_table.h"

namespace newsgraph {

// Prefix of document-local entity ids.
inline constexpr std::string_view kLocalEntityPrefix = "local-";

struct DocumentKnowledge {
  // One entry per analyzed mention: index into `entities`, or -1 when the
  // mention has no entity (numeric types, ambiguous surnames).
  std::vector<int> mention_entity;
  // Entities in order of first mention. entity_id is "local-<index>" until
  // linked; aliases are the distinct surface forms (possessives removed).
  std::vector<DocumentEntity> entities;
  // Roles and quotes refer to entities by entity_id.
  std::vector<Role> roles;
  std::vector<Quote> quotes;
};

// Analyzes `text` given its `mentions` (UTF-8 byte offsets into `text`, any
// order, as the recognizer produced them). `headline`, when given, raises
// the salience of entities named in it.
DocumentKnowledge AnalyzeDocument(std::string_view text, const std::vector<Mention>& mentions,
                                  const AliasTable& aliases, std::string_view headline = {});

// Copies the knowledge into `annotations`: sets each mention's entity_id and
// replaces entities, roles and quotes. REQUIRES: annotations->mentions are
// the mentions that were analyzed, in the same order.
void ApplyKnowledge(const DocumentKnowledge& knowledge, DocumentAnnotations* annotations);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_DOCUMENT_KNOWLEDGE_H_
