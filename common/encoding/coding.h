// Compact binary encoding for records stored in RocksDB and in change feeds.
//
// The core libraries keep protobuf out of the domain (see docs/ARCHITECTURE.md),
// so stored records are written with this small varint/length-prefix codec.
// Every record starts with a format version byte written by its owner, so a
// record can grow new trailing fields without breaking old data.
//
// Keys use big-endian fixed-width integers so that RocksDB's bytewise order is
// numeric order (see AppendBigEndian64).
#ifndef NEWSGRAPH_COMMON_ENCODING_CODING_H_
#define NEWSGRAPH_COMMON_ENCODING_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph {

// Writes `value` as a varint at `dst` (room for 5 bytes needed) and returns
// the byte after it. For hot loops that size a buffer once; Encoder is the
// usual way.
inline char* WriteVarint32(char* dst, uint32_t value) {
  while (value >= 0x80) {
    *dst++ = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  *dst++ = static_cast<char>(value);
  return dst;
}

// Appends primitive values to a string buffer.
class Encoder {
 public:
  explicit Encoder(std::string* out) : out_(out) {}

  void PutVarint64(uint64_t value);
  void PutVarint32(uint32_t value) { PutVarint64(value); }
  // Zig-zag encoded so that small negative numbers stay small.
  void PutSignedVarint64(int64_t value);
  void PutBool(bool value) { out_->push_back(value ? 1 : 0); }
  void PutDouble(double value);
  void PutFloat(float value);
  void PutFixed64(uint64_t value);
  // Length-prefixed bytes.
  void PutString(std::string_view value);

 private:
  std::string* out_;
};

// Reads what Encoder wrote. Every getter returns false (and leaves the
// decoder failed) when the input is truncated or malformed; callers check
// ok() once at the end instead of after every field.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  bool GetVarint64(uint64_t* value);
  bool GetVarint32(uint32_t* value);
  bool GetSignedVarint64(int64_t* value);
  bool GetBool(bool* value);
  bool GetDouble(double* value);
  bool GetFloat(float* value);
  bool GetFixed64(uint64_t* value);
  bool GetString(std::string* value);
  bool GetStringView(std::string_view* value);

  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }
  size_t remaining() const { return in_.size(); }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }
  std::string_view in_;
  bool ok_ = true;
};

// Big-endian fixed width: bytewise order equals numeric order.
void AppendBigEndian64(std::string* out, uint64_t value);
void AppendBigEndian32(std::string* out, uint32_t value);
// REQUIRES: bytes.size() >= 8 (resp. 4).
uint64_t ReadBigEndian64(std::string_view bytes);
uint32_t ReadBigEndian32(std::string_view bytes);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_ENCODING_CODING_H_
