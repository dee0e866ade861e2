#include "services/extraction/ner/ner_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "common/status/status_macros.h"

namespace newsgraph::ner {
namespace {

constexpr std::string_view kMagic = "NGNERMDL";
constexpr size_t kHeaderSize = 8 + 8 + 8 + 8;
constexpr uint64_t kEndMarker = 0x454e44214e455221ULL;  // "!REN!DNE"

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

void PutFloats(Encoder* enc, const std::vector<float>& v) {
  enc->PutVarint64(v.size());
  for (float f : v) enc->PutFloat(f);
}

bool GetFloats(Decoder* dec, size_t expected, std::vector<float>* v) {
  uint64_t n = 0;
  if (!dec->GetVarint64(&n) || n != expected) return false;
  v->resize(n);
  for (auto& f : *v) {
    if (!dec->GetFloat(&f) || !std::isfinite(f)) return false;
  }
  return true;
}

// Consumes what `dec` has read from `*in`.
void Sync(const Decoder& dec, std::string_view* in) {
  in->remove_prefix(in->size() - dec.remaining());
}

}  // namespace

NerModel::NerModel(LabelSet labels, Gazetteer gazetteer, CaseLexicon lexicon, WordClusters clusters,
                   int table_bits)
    : labels_(std::move(labels)),
      gazetteer_(std::move(gazetteer)),
      lexicon_(std::move(lexicon)),
      clusters_(std::move(clusters)),
      table_bits_(table_bits),
      extractor_(&gazetteer_, &lexicon_, &clusters_, table_bits) {}

std::unique_ptr<NerModel> NerModel::FromWeights(
    LabelSet labels, Gazetteer gazetteer, CaseLexicon lexicon, WordClusters clusters,
    int table_bits, const std::vector<float>& weights, const std::vector<float>& transitions,
    const std::vector<float>& start, const std::vector<float>& end, float confidence_scale) {
  std::unique_ptr<NerModel> model(new NerModel(std::move(labels), std::move(gazetteer),
                                               std::move(lexicon), std::move(clusters),
                                               table_bits));
  float max_abs = 0;
  for (float w : weights) max_abs = std::max(max_abs, std::fabs(w));
  model->weight_scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  const int L = model->labels_.size();
  const size_t rows = size_t{1} << table_bits;
  model->row_slot_.assign(rows, kNoSlot);
  std::vector<int16_t> row(L);
  for (size_t r = 0; r < rows; ++r) {
    bool any = false;
    for (int y = 0; y < L; ++y) {
      row[y] = static_cast<int16_t>(
          std::lround(weights[r * L + y] / model->weight_scale_));
      any |= row[y] != 0;
    }
    if (any) model->AppendRow(static_cast<uint32_t>(r), row.data());
  }
  model->raw_transitions_ = transitions;
  model->raw_start_ = start;
  model->raw_end_ = end;
  model->confidence_scale_ = confidence_scale;
  model->BuildTransitions();
  return model;
}

void NerModel::AppendRow(uint32_t row, const int16_t* values) {
  row_slot_[row] = static_cast<uint32_t>(slot_row_.size());
  slot_row_.push_back(row);
  weights_.insert(weights_.end(), values, values + labels_.size());
}

void NerModel::BuildTransitions() {
  ConstrainTransitions(labels_, raw_transitions_.data(), raw_start_.data(), raw_end_.data(),
                       &transitions_);
}

void NerModel::Emissions(const std::vector<std::string_view>& tokens,
                         SentenceFeatures* features,
                         std::vector<float>* em) const {
  extractor_.Extract(tokens, features);
  const int L = labels_.size();
  em->resize(tokens.size() * L);
  constexpr int kMaxLabels = 32;
  const uint32_t* rows = features->rows.data();
  const uint32_t* offsets = features->offsets.data();
  for (size_t t = 0; t < tokens.size(); ++t) {
    int32_t acc[kMaxLabels] = {};
    for (uint32_t k = offsets[t]; k < offsets[t + 1]; ++k) {
      const uint32_t slot = row_slot_[rows[k]];
      if (slot == kNoSlot) continue;
      const int16_t* w = weights_.data() + static_cast<size_t>(slot) * L;
      for (int y = 0; y < L; ++y) acc[y] += w[y];
    }
    float* out = em->data() + t * L;
    for (int y = 0; y < L; ++y) out[y] = static_cast<float>(acc[y]) * weight_scale_;
  }
}

namespace {
struct TagScratch {
  SentenceFeatures features;
  std::vector<float> emissions;
  std::vector<float> viterbi;
  std::vector<int> backptr;
  std::vector<int> labels;
  std::vector<float> mm;
  std::vector<float> mm_scratch;
};
TagScratch& Scratch() {
  thread_local TagScratch scratch;
  return scratch;
}
}  // namespace

std::vector<TaggedEntity> NerModel::Tag(
    const std::vector<std::string_view>& tokens,
    std::vector<int>* labels_out) const {
  std::vector<TaggedEntity> entities;
  const int n = static_cast<int>(tokens.size());
  if (labels_out) labels_out->assign(n, 0);
  if (n == 0) return entities;
  TagScratch& s = Scratch();
  Emissions(tokens, &s.features, &s.emissions);
  s.labels.resize(n);
  Viterbi(s.emissions.data(), n, transitions_, nullptr, s.labels.data(),
          &s.viterbi, &s.backptr);
  if (labels_out) *labels_out = s.labels;
  const std::vector<TokenSpan> spans = labels_.Decode(s.labels);
  if (spans.empty()) return entities;
  // Confidence from max-marginals: how much worse the best path that gives
  // any token of the entity another label is.
  const int L = labels_.size();
  MaxMarginals(s.emissions.data(), n, transitions_, &s.mm, &s.mm_scratch);
  for (const TokenSpan& span : spans) {
    float margin = 1e30f;
    for (int t = span.begin; t < span.end; ++t) {
      const int y = s.labels[t];
      float other = kImpossible;
      for (int k = 0; k < L; ++k) {
        if (k != y) other = std::max(other, s.mm[t * L + k]);
      }
      margin = std::min(margin, s.mm[t * L + y] - other);
    }
    TaggedEntity e;
    e.begin = span.begin;
    e.end = span.end;
    e.type = labels_.TypeIndex(span.type);
    e.margin = margin;
    e.confidence = 1.0f / (1.0f + std::exp(-margin / confidence_scale_));
    entities.push_back(e);
  }
  return entities;
}

std::string NerModel::Serialize() const {
  std::string payload;
  Encoder enc(&payload);
  enc.PutVarint64(labels_.names().size());
  for (const std::string& name : labels_.names()) enc.PutString(name);
  enc.PutVarint32(table_bits_);
  enc.PutFloat(weight_scale_);
  enc.PutFloat(confidence_scale_);
  PutFloats(&enc, raw_transitions_);
  PutFloats(&enc, raw_start_);
  PutFloats(&enc, raw_end_);
  gazetteer_.Encode(&payload);
  lexicon_.Encode(&payload);
  clusters_.Encode(&payload);
  // Sparse rows: delta-coded row index, then L zig-zag varints.
  const int L = labels_.size();
  enc.PutVarint64(slot_row_.size());
  size_t last = 0;
  for (size_t slot = 0; slot < slot_row_.size(); ++slot) {
    const size_t r = slot_row_[slot];
    enc.PutVarint64(r - last);
    last = r;
    for (int y = 0; y < L; ++y) enc.PutVarint64(ZigZag(weights_[slot * L + y]));
  }
  enc.PutFixed64(kEndMarker);

  std::string out(kMagic);
  Encoder header(&out);
  header.PutFixed64(kNerModelVersion);
  header.PutFixed64(payload.size());
  header.PutFixed64(Fnv1a64(payload));
  out += payload;
  return out;
}

absl::Status NerModel::Save(const std::string& path) const {
  const std::string bytes = Serialize();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", tmp));
    out.write(bytes.data(), bytes.size());
    if (!out) return absl::InternalError(absl::StrCat("write failed: ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<NerModel>> ParseNerModel(std::string_view bytes) {
  if (bytes.size() < kHeaderSize || bytes.substr(0, 8) != kMagic) {
    return absl::DataLossError("not an NER model file (bad magic)");
  }
  Decoder header(bytes.substr(8, 24));
  uint64_t version = 0, size = 0, checksum = 0;
  header.GetFixed64(&version);
  header.GetFixed64(&size);
  header.GetFixed64(&checksum);
  if (version != kNerModelVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("NER model format version ", version, ", expected ",
                     kNerModelVersion));
  }
  std::string_view payload = bytes.substr(kHeaderSize);
  if (payload.size() != size) {
    return absl::DataLossError(absl::StrCat(
        "NER model truncated or padded: payload has ", payload.size(),
        " bytes, header says ", size));
  }
  if (Fnv1a64(payload) != checksum) {
    return absl::DataLossError("NER model checksum mismatch (corrupt file)");
  }

  Decoder dec(payload);
  uint64_t num_labels = 0;
  if (!dec.GetVarint64(&num_labels) || num_labels == 0 || num_labels > 32) {
    return absl::DataLossError("NER model: bad label count");
  }
  std::vector<std::string> names(num_labels);
  for (auto& name : names) {
    if (!dec.GetString(&name)) return absl::DataLossError("NER model: labels");
  }
  ASSIGN_OR_RETURN(LabelSet labels, LabelSet::FromNames(names));
  uint32_t table_bits = 0;
  float weight_scale = 0, confidence_scale = 0;
  if (!dec.GetVarint32(&table_bits) || table_bits < 4 || table_bits > 24 ||
      !dec.GetFloat(&weight_scale) || !dec.GetFloat(&confidence_scale) ||
      !(weight_scale > 0) || !(confidence_scale > 0)) {
    return absl::DataLossError("NER model: bad table header");
  }
  const size_t L = num_labels;
  std::vector<float> trans, start, end;
  if (!GetFloats(&dec, L * L, &trans) || !GetFloats(&dec, L, &start) ||
      !GetFloats(&dec, L, &end)) {
    return absl::DataLossError("NER model: bad transitions");
  }
  Sync(dec, &payload);
  ASSIGN_OR_RETURN(Gazetteer gazetteer, Gazetteer::Decode(&payload));
  ASSIGN_OR_RETURN(CaseLexicon lexicon, CaseLexicon::Decode(&payload));
  ASSIGN_OR_RETURN(WordClusters clusters, WordClusters::Decode(&payload));

  std::unique_ptr<NerModel> model(new NerModel(std::move(labels), std::move(gazetteer),
                                               std::move(lexicon), std::move(clusters),
                                               table_bits));
  model->weight_scale_ = weight_scale;
  model->confidence_scale_ = confidence_scale;
  model->raw_transitions_ = std::move(trans);
  model->raw_start_ = std::move(start);
  model->raw_end_ = std::move(end);
  const size_t rows = size_t{1} << table_bits;
  model->row_slot_.assign(rows, NerModel::kNoSlot);
  std::vector<int16_t> values(L);
  Decoder wdec(payload);
  uint64_t nonzero = 0;
  if (!wdec.GetVarint64(&nonzero) || nonzero > rows) {
    return absl::DataLossError("NER model: bad weight row count");
  }
  size_t row = 0;
  for (uint64_t i = 0; i < nonzero; ++i) {
    uint64_t delta = 0;
    if (!wdec.GetVarint64(&delta) || (i > 0 && delta == 0) ||
        row + delta >= rows) {
      return absl::DataLossError(absl::StrCat("NER model: bad weight row ", i));
    }
    row += delta;
    for (size_t y = 0; y < L; ++y) {
      uint64_t z = 0;
      if (!wdec.GetVarint64(&z)) {
        return absl::DataLossError("NER model: truncated weights");
      }
      const int64_t v = UnZigZag(z);
      if (v < -32768 || v > 32767) {
        return absl::DataLossError("NER model: weight out of range");
      }
      values[y] = static_cast<int16_t>(v);
    }
    model->AppendRow(static_cast<uint32_t>(row), values.data());
  }
  uint64_t marker = 0;
  if (!wdec.GetFixed64(&marker) || marker != kEndMarker || !wdec.done()) {
    return absl::DataLossError("NER model: missing end marker");
  }
  model->BuildTransitions();
  return model;
}

absl::StatusOr<std::unique_ptr<NerModel>> LoadNerModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("NER model file not found or unreadable: ", path));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  auto model = ParseNerModel(buf.str());
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat(path, ": ", model.status().message()));
  }
  return model;
}

}  // namespace newsgraph::ner
