#include "common/encoding/coding.h"

#include <limits>

#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(CodingTest, RoundTripsEveryPrimitive) {
  std::string buffer;
  Encoder enc(&buffer);
  enc.PutVarint64(0);
  enc.PutVarint64(std::numeric_limits<uint64_t>::max());
  enc.PutSignedVarint64(-5);
  enc.PutSignedVarint64(std::numeric_limits<int64_t>::min());
  enc.PutBool(true);
  enc.PutDouble(3.25);
  enc.PutFloat(-0.5f);
  enc.PutFixed64(0x0102030405060708ull);
  enc.PutString("Nur-Sultan");

  Decoder dec(buffer);
  uint64_t u = 1, big = 0, fixed = 0;
  int64_t s = 0, smin = 0;
  bool b = false;
  double d = 0;
  float f = 0;
  std::string str;
  ASSERT_TRUE(dec.GetVarint64(&u));
  ASSERT_TRUE(dec.GetVarint64(&big));
  ASSERT_TRUE(dec.GetSignedVarint64(&s));
  ASSERT_TRUE(dec.GetSignedVarint64(&smin));
  ASSERT_TRUE(dec.GetBool(&b));
  ASSERT_TRUE(dec.GetDouble(&d));
  ASSERT_TRUE(dec.GetFloat(&f));
  ASSERT_TRUE(dec.GetFixed64(&fixed));
  ASSERT_TRUE(dec.GetString(&str));
  EXPECT_TRUE(dec.done());
  EXPECT_EQ(u, 0u);
  EXPECT_EQ(big, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(s, -5);
  EXPECT_EQ(smin, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(b);
  EXPECT_EQ(d, 3.25);
  EXPECT_EQ(f, -0.5f);
  EXPECT_EQ(fixed, 0x0102030405060708ull);
  EXPECT_EQ(str, "Nur-Sultan");
}

TEST(CodingTest, TruncatedInputFailsInsteadOfReadingPastTheEnd) {
  std::string buffer;
  Encoder(&buffer).PutString("hello world");
  buffer.resize(buffer.size() - 3);
  Decoder dec(buffer);
  std::string out;
  EXPECT_FALSE(dec.GetString(&out));
  EXPECT_FALSE(dec.ok());
}

TEST(CodingTest, BigEndianKeysSortNumerically) {
  std::string a, b;
  AppendBigEndian64(&a, 255);
  AppendBigEndian64(&b, 256);
  EXPECT_LT(a, b);
  EXPECT_EQ(ReadBigEndian64(b), 256u);
  std::string c;
  AppendBigEndian32(&c, 70000);
  EXPECT_EQ(ReadBigEndian32(c), 70000u);
}

}  // namespace
}  // namespace newsgraph
