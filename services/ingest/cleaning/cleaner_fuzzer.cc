// libFuzzer target for CleanArticle: any bytes, as text, HTML or detected.
// Besides crashes and sanitizer reports it checks the output contract: the
// body span and every repair lie inside clean_text on UTF-8 boundaries, and
// clean_text, title and the body are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/ingest/cleaning/cleaner.h"
#include "services/ingest/cleaning/unicode_text.h"

namespace {

bool IsBoundary(const std::string& text, size_t offset) {
  return offset == text.size() ||
         (offset < text.size() &&
          (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kTypes[] = {"", "text/plain", "text/html"};
  newsgraph::RawArticle raw;
  raw.content_type = kTypes[data[0] % 3];
  raw.content.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  raw.url = "https://www.example.kz/news/1";
  newsgraph::CleanerOptions options;
  options.max_title_bytes = 64;
  absl::StatusOr<newsgraph::CleanedArticle> cleaned =
      newsgraph::CleanArticle(raw, options);
  if (!cleaned.ok()) return 0;
  const std::string& text = cleaned->clean_text;
  Check(cleaned->body_begin <= cleaned->body_end);
  Check(cleaned->body_end <= text.size());
  Check(cleaned->body_end > cleaned->body_begin);
  Check(IsBoundary(text, cleaned->body_begin));
  Check(IsBoundary(text, cleaned->body_end));
  Check(newsgraph::cleaning::FindInvalidUtf8(text) ==
        newsgraph::cleaning::kValidUtf8);
  Check(newsgraph::cleaning::FindInvalidUtf8(cleaned->title) ==
        newsgraph::cleaning::kValidUtf8);
  Check(cleaned->title.size() <= options.max_title_bytes);
  for (const newsgraph::TextRepair& repair : cleaned->repairs) {
    Check(repair.begin < repair.end && repair.end <= text.size());
    Check(text.compare(repair.begin, repair.end - repair.begin,
                       repair.replacement) == 0);
  }
  return 0;
}
