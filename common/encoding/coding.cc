#include "common/encoding/coding.h"

#include <cstring>

namespace newsgraph {

void Encoder::PutVarint64(uint64_t value) {
  // One append instead of a push_back per byte: index builds encode
  // hundreds of millions of varints.
  char bytes[10];
  size_t n = 0;
  while (value >= 0x80) {
    bytes[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  bytes[n++] = static_cast<char>(value);
  out_->append(bytes, n);
}

void Encoder::PutSignedVarint64(int64_t value) {
  PutVarint64((static_cast<uint64_t>(value) << 1) ^
              static_cast<uint64_t>(value >> 63));
}

void Encoder::PutFixed64(uint64_t value) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(value >> (8 * i));
  out_->append(buf, 8);
}

void Encoder::PutDouble(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  PutFixed64(bits);
}

void Encoder::PutFloat(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  PutVarint32(bits);
}

void Encoder::PutString(std::string_view value) {
  PutVarint64(value.size());
  out_->append(value.data(), value.size());
}

bool Decoder::GetVarint64(uint64_t* value) {
  if (!ok_) return false;
  uint64_t result = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (in_.empty()) return Fail();
    const uint8_t byte = static_cast<uint8_t>(in_.front());
    in_.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return Fail();
}

bool Decoder::GetVarint32(uint32_t* value) {
  uint64_t wide = 0;
  if (!GetVarint64(&wide)) return false;
  if (wide > 0xffffffffu) return Fail();
  *value = static_cast<uint32_t>(wide);
  return true;
}

bool Decoder::GetSignedVarint64(int64_t* value) {
  uint64_t raw = 0;
  if (!GetVarint64(&raw)) return false;
  *value = static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
  return true;
}

bool Decoder::GetBool(bool* value) {
  if (!ok_) return false;
  if (in_.empty()) return Fail();
  const char byte = in_.front();
  if (byte != 0 && byte != 1) return Fail();
  *value = byte == 1;
  in_.remove_prefix(1);
  return true;
}

bool Decoder::GetFixed64(uint64_t* value) {
  if (!ok_) return false;
  if (in_.size() < 8) return Fail();
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) {
    result |= static_cast<uint64_t>(static_cast<uint8_t>(in_[i])) << (8 * i);
  }
  in_.remove_prefix(8);
  *value = result;
  return true;
}

bool Decoder::GetDouble(double* value) {
  uint64_t bits = 0;
  if (!GetFixed64(&bits)) return false;
  std::memcpy(value, &bits, sizeof(bits));
  return true;
}

bool Decoder::GetFloat(float* value) {
  uint32_t bits = 0;
  if (!GetVarint32(&bits)) return false;
  std::memcpy(value, &bits, sizeof(bits));
  return true;
}

bool Decoder::GetStringView(std::string_view* value) {
  uint64_t size = 0;
  if (!GetVarint64(&size)) return false;
  if (size > in_.size()) return Fail();
  *value = in_.substr(0, size);
  in_.remove_prefix(size);
  return true;
}

bool Decoder::GetString(std::string* value) {
  std::string_view view;
  if (!GetStringView(&view)) return false;
  value->assign(view.data(), view.size());
  return true;
}

void AppendBigEndian64(std::string* out, uint64_t value) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(value >> (8 * i)));
}

void AppendBigEndian32(std::string* out, uint32_t value) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(value >> (8 * i)));
}

uint64_t ReadBigEndian64(std::string_view bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

uint32_t ReadBigEndian32(std::string_view bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

}  // namespace newsgraph
