// Numeric grammar: dates come from FindDates; money, percentages and
// quantities are matched here by scanning tokens left to right. Amounts are
// kept as decimal digits plus a power of ten so that "14.2 million" becomes
// exactly "14200000", never 14199999.999.

#include "services/extraction/grammar/numeric_grammar.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "absl/strings/ascii.h"

namespace newsgraph {
namespace {

// ---------------------------------------------------------------------------
// Word tables. Keys are lower case; values are looked up per candidate token
// only (after a number or at a currency sign), not for every token.

enum class WordKind : uint8_t {
  kNone,
  kScale,      // value: power of ten
  kCurrency,   // code: ISO 4217
  kUnit,       // code: canonical unit
  kSpelled,    // value: the number
  kPercent,    // "percent", "pct"
};

struct WordInfo {
  WordKind kind = WordKind::kNone;
  int value = 0;
  std::string_view code;
};

const std::unordered_map<std::string_view, WordInfo>& WordTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, WordInfo>();
    auto scale = [&](std::string_view w, int p) {
      (*t)[w] = {WordKind::kScale, p, {}};
    };
    scale("thousand", 3);
    scale("million", 6);
    scale("billion", 9);
    scale("trillion", 12);
    scale("mln", 6);
    scale("mn", 6);
    scale("bln", 9);
    scale("bn", 9);
    scale("trln", 12);
    scale("tln", 12);
    auto currency = [&](std::string_view w, std::string_view code) {
      (*t)[w] = {WordKind::kCurrency, 0, code};
    };
    currency("tenge", "KZT");
    currency("kzt", "KZT");
    currency("dollar", "USD");
    currency("dollars", "USD");
    currency("usd", "USD");
    currency("euro", "EUR");
    currency("euros", "EUR");
    currency("eur", "EUR");
    currency("ruble", "RUB");
    currency("rubles", "RUB");
    currency("rouble", "RUB");
    currency("roubles", "RUB");
    currency("rub", "RUB");
    currency("yuan", "CNY");
    currency("cny", "CNY");
    currency("som", "KGS");
    currency("soms", "KGS");
    currency("kgs", "KGS");
    currency("gbp", "GBP");
    auto unit = [&](std::string_view w, std::string_view code) {
      (*t)[w] = {WordKind::kUnit, 0, code};
    };
    for (std::string_view w : {"km", "kilometer", "kilometers", "kilometre",
                               "kilometres"}) {
      unit(w, "km");
    }
    for (std::string_view w : {"m", "meter", "meters", "metre", "metres"}) {
      unit(w, "m");
    }
    for (std::string_view w : {"cm", "centimeter", "centimeters", "centimetre",
                               "centimetres"}) {
      unit(w, "cm");
    }
    for (std::string_view w : {"mm", "millimeter", "millimeters", "millimetre",
                               "millimetres"}) {
      unit(w, "mm");
    }
    for (std::string_view w : {"kg", "kilogram", "kilograms", "kilogramme",
                               "kilogrammes", "kilo", "kilos"}) {
      unit(w, "kg");
    }
    for (std::string_view w : {"gram", "grams", "gramme", "grammes"}) {
      unit(w, "g");
    }
    for (std::string_view w : {"ton", "tons", "tonne", "tonnes"}) unit(w, "ton");
    for (std::string_view w : {"ha", "hectare", "hectares"}) unit(w, "hectare");
    for (std::string_view w : {"acre", "acres"}) unit(w, "acre");
    for (std::string_view w : {"liter", "liters", "litre", "litres"}) {
      unit(w, "liter");
    }
    for (std::string_view w : {"barrel", "barrels"}) unit(w, "barrel");
    for (std::string_view w : {"mile", "miles"}) unit(w, "mile");
    for (std::string_view w : {"mw", "megawatt", "megawatts"}) unit(w, "MW");
    for (std::string_view w : {"gw", "gigawatt", "gigawatts"}) unit(w, "GW");
    for (std::string_view w : {"kw", "kilowatt", "kilowatts"}) unit(w, "kW");
    for (std::string_view w : {"kwh"}) unit(w, "kWh");
    for (std::string_view w : {"m2", "sqm"}) unit(w, "square meter");
    for (std::string_view w : {"km2"}) unit(w, "square km");
    for (std::string_view w : {"m3"}) unit(w, "cubic meter");
    for (std::string_view w : {"degree", "degrees"}) unit(w, "degree");
    auto spelled = [&](std::string_view w, int v) {
      (*t)[w] = {WordKind::kSpelled, v, {}};
    };
    const char* const kOnes[] = {"one",     "two",     "three",     "four",
                                 "five",    "six",     "seven",     "eight",
                                 "nine",    "ten",     "eleven",    "twelve",
                                 "thirteen", "fourteen", "fifteen", "sixteen",
                                 "seventeen", "eighteen", "nineteen"};
    for (int v = 1; v <= 19; ++v) spelled(kOnes[v - 1], v);
    const char* const kTens[] = {"twenty", "thirty", "forty", "fifty",
                                 "sixty",  "seventy", "eighty", "ninety"};
    for (int k = 0; k < 8; ++k) spelled(kTens[k], (k + 2) * 10);
    spelled("hundred", 100);
    (*t)["percent"] = {WordKind::kPercent, 0, {}};
    (*t)["pct"] = {WordKind::kPercent, 0, {}};
    return t;
  }();
  return *table;
}

// Lower-cases an ASCII word of up to 23 bytes; "" otherwise.
std::string_view LowerWord(std::string_view word, char* buf) {
  if (word.empty() || word.size() > 23) return {};
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) return {};
    buf[i] = static_cast<char>(absl::ascii_tolower(c));
  }
  return std::string_view(buf, word.size());
}

WordInfo LookupWord(std::string_view word) {
  char buf[24];
  std::string_view lower = LowerWord(word, buf);
  if (lower.empty()) return {};
  const auto& table = WordTable();
  auto it = table.find(lower);
  return it == table.end() ? WordInfo() : it->second;
}

// Currency signs written before (or glued after) an amount.
std::string_view CurrencySymbol(std::string_view t) {
  if (t == "$" || t == "US$") return "USD";
  if (t == "\xE2\x82\xAC") return "EUR";   // €
  if (t == "\xE2\x82\xB8") return "KZT";   // ₸
  if (t == "\xE2\x82\xBD") return "RUB";   // ₽
  if (t == "\xC2\xA3") return "GBP";       // £
  if (t == "C$") return "CAD";
  if (t == "A$") return "AUD";
  return {};
}

bool IsDurationUnit(std::string_view word) {
  static constexpr std::string_view kUnits[] = {
      "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
      "week", "weeks", "month", "months", "year", "years", "decade",
      "decades", "century", "centuries", "night", "nights"};
  char buf[24];
  std::string_view lower = LowerWord(word, buf);
  for (std::string_view u : kUnits) {
    if (lower == u) return true;
  }
  return false;
}

// Upper-case ISO codes written before an amount ("KZT 5 billion").
std::string_view CurrencyCodeBefore(std::string_view t) {
  if (t == "KZT" || t == "USD" || t == "EUR" || t == "RUB" || t == "CNY" ||
      t == "GBP" || t == "KGS") {
    return t;
  }
  return {};
}

// ---------------------------------------------------------------------------
// Numerals.

// A decimal as significant digits times a power of ten.
struct Decimal {
  std::string digits;
  int exponent = 0;
};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Parses "86,412", "14.2", "1,234.5", "1.234.567", "3,5" (decimal comma).
// Rejects shapes that are not one number ("1.2.3", "14.03.2024").
bool ParseNumeral(std::string_view t, Decimal* out) {
  std::vector<std::string_view> groups;
  std::vector<char> seps;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ',' || t[i] == '.') {
      groups.push_back(t.substr(start, i - start));
      seps.push_back(t[i]);
      start = i + 1;
    }
  }
  groups.push_back(t.substr(start));
  for (std::string_view g : groups) {
    if (!AllDigits(g)) return false;
  }
  std::string integer;
  std::string_view fraction;
  auto thousands = [&](size_t first, size_t last) {  // groups [first, last)
    if (groups[first].size() > 3) return false;
    for (size_t g = first + 1; g < last; ++g) {
      if (groups[g].size() != 3) return false;
    }
    return true;
  };
  if (seps.empty()) {
    integer = std::string(t);
  } else {
    bool has_comma = false, has_dot = false;
    for (char s : seps) (s == ',' ? has_comma : has_dot) = true;
    if (has_comma && has_dot) {
      // The last separator is the decimal point; the others group thousands
      // and must all be the other character.
      char dec = seps.back();
      for (size_t k = 0; k + 1 < seps.size(); ++k) {
        if (seps[k] == dec) return false;
      }
      if (!thousands(0, groups.size() - 1)) return false;
      for (size_t g = 0; g + 1 < groups.size(); ++g) integer += groups[g];
      fraction = groups.back();
    } else if (seps.size() == 1) {
      // One separator: a thousands group if followed by exactly 3 digits and
      // it is a comma; otherwise a decimal point ("14.2", "3,5").
      if (seps[0] == ',' && groups[1].size() == 3) {
        integer = std::string(groups[0]) + std::string(groups[1]);
      } else {
        integer = std::string(groups[0]);
        fraction = groups[1];
      }
    } else {
      if (!thousands(0, groups.size())) return false;
      for (std::string_view g : groups) integer += g;
    }
  }
  out->digits = integer + std::string(fraction);
  out->exponent = -static_cast<int>(fraction.size());
  size_t nz = out->digits.find_first_not_of('0');
  if (nz == std::string::npos) {
    out->digits = "0";
    out->exponent = 0;
  } else {
    out->digits.erase(0, nz);
  }
  return true;
}

double ToDouble(const Decimal& d) {
  std::string s = FormatDecimal(d.digits, d.exponent);
  return std::strtod(s.c_str(), nullptr);
}

// ---------------------------------------------------------------------------
// The scanner.

struct Amount {
  Decimal number;
  size_t next = 0;          // first token after the amount
  bool spelled = false;     // "two million"
  bool scaled = false;      // a scale word or suffix was applied
  std::string_view unit;    // from a glued suffix ("250km")
  bool suffix_m = false;    // glued "m": million for money, metre otherwise
};

class NumericFinder {
 public:
  NumericFinder(std::string_view text, const std::vector<Token>& tokens)
      : text_(text), tokens_(tokens), n_(tokens.size()) {}

  // Tries a MONEY, PERCENT or QUANTITY at token i; tokens at or after
  // `limit` (the next date) are not used.
  bool MatchAt(size_t i, size_t limit, Mention* m, size_t* next) {
    limit_ = limit;
    const Token& tok = tokens_[i];
    if (tok.kind == TokenKind::kSymbol) return MatchCurrencyFirst(i, m, next);
    if (tok.kind == TokenKind::kWord) {
      if (!CurrencyCodeBefore(Text(i)).empty()) {
        return MatchCurrencyFirst(i, m, next);
      }
      std::string_view t = Text(i);
      unsigned char c = static_cast<unsigned char>(t[0]);
      if (c >= '0' && c <= '9') return MatchNumberFirst(i, m, next);
      // Spelled numbers ("two", "twenty-five") start with one of these
      // letters; other words are skipped without a table lookup.
      c = static_cast<unsigned char>(absl::ascii_tolower(c));
      if (t.size() < 3 || (c != 'o' && c != 't' && c != 'f' && c != 's' &&
                           c != 'e' && c != 'n')) {
        return false;
      }
      return MatchNumberFirst(i, m, next);
    }
    if (tok.kind == TokenKind::kNumber) return MatchNumberFirst(i, m, next);
    return false;
  }

 private:
  std::string_view Text(size_t i) const { return tokens_[i].text(text_); }
  bool Has(size_t i) const { return i < limit_; }
  bool Glued(size_t i) const { return i < n_ && !tokens_[i].space_before; }
  // Token i continues the current line (no line break before it).
  bool SameLine(size_t i) const { return Has(i) && !tokens_[i].starts_line; }
  bool Is(size_t i, std::string_view s) const {
    return i < n_ && Text(i) == s;
  }

  // Reads an amount at i: a numeral, a numeral with a glued suffix ("4bn",
  // "250km"), or a spelled number that must be followed by a scale word;
  // then an optional scale word.
  bool ReadAmount(size_t i, Amount* a) const {
    if (!Has(i)) return false;
    const Token& tok = tokens_[i];
    std::string_view t = Text(i);
    size_t j = i + 1;
    if (tok.kind == TokenKind::kNumber) {
      if (!ParseNumeral(t, &a->number)) return false;
    } else if (tok.kind == TokenKind::kWord && t[0] >= '0' && t[0] <= '9') {
      size_t k = 0;
      while (k < t.size() && ((t[k] >= '0' && t[k] <= '9') ||
                              ((t[k] == ',' || t[k] == '.') && k + 1 < t.size() &&
                               t[k + 1] >= '0' && t[k + 1] <= '9'))) {
        ++k;
      }
      if (!ParseNumeral(t.substr(0, k), &a->number)) return false;
      std::string_view suffix = t.substr(k);
      char buf[24];
      std::string_view lower = LowerWord(suffix, buf);
      if (lower == "m") {
        a->suffix_m = true;
      } else if (lower == "k") {
        a->number.exponent += 3;
        a->scaled = true;
      } else {
        WordInfo w = LookupWord(suffix);
        if (w.kind == WordKind::kScale) {
          a->number.exponent += w.value;
          a->scaled = true;
        } else if (w.kind == WordKind::kUnit) {
          a->unit = w.code;
        } else {
          return false;  // "2nd", "5G", "45-year-old", "COVID-19"
        }
      }
      a->next = j;
      return true;
    } else if (tok.kind == TokenKind::kWord) {
      WordInfo w = LookupWord(t);
      size_t dash = t.find('-');
      if (w.kind == WordKind::kNone && dash != std::string_view::npos) {
        // "twenty-five" is one token.
        WordInfo tens = LookupWord(t.substr(0, dash));
        WordInfo ones = LookupWord(t.substr(dash + 1));
        if (tens.kind == WordKind::kSpelled && ones.kind == WordKind::kSpelled &&
            tens.value >= 20 && tens.value % 10 == 0 && tens.value < 100 &&
            ones.value < 10) {
          w = tens;
          w.value += ones.value;
        }
      }
      if (w.kind != WordKind::kSpelled || w.value == 100) return false;
      int value = w.value;
      if (value >= 20 && value % 10 == 0 && SameLine(j)) {
        WordInfo unit = LookupWord(Text(j));
        if (unit.kind == WordKind::kSpelled && unit.value < 10) {
          value += unit.value;
          ++j;
        }
      }
      if (!SameLine(j)) return false;
      WordInfo scale = LookupWord(Text(j));
      if (scale.kind != WordKind::kScale) return false;
      a->number.digits = std::to_string(value);
      a->number.exponent = scale.value;
      a->spelled = true;
      a->scaled = true;
      a->next = j + 1;
      return true;
    } else {
      return false;
    }
    if (SameLine(j) && tokens_[j].kind == TokenKind::kWord) {
      WordInfo w = LookupWord(Text(j));
      if (w.kind == WordKind::kScale) {
        a->number.exponent += w.value;
        a->scaled = true;
        ++j;
      }
    }
    a->next = j;
    return true;
  }

  // "$4 billion", "US$3.5 million", "€20", "KZT 5 billion".
  bool MatchCurrencyFirst(size_t i, Mention* m, size_t* next) const {
    std::string_view t = Text(i);
    std::string_view code = CurrencySymbol(t);
    if (code.empty()) code = CurrencyCodeBefore(t);
    if (code.empty()) return false;
    size_t j = i + 1;
    if (!SameLine(j)) return false;
    // A symbol must touch the amount or be separated by one space.
    Amount a;
    if (!ReadAmount(j, &a) || a.spelled || !a.unit.empty()) return false;
    if (a.suffix_m) a.number.exponent += 6;
    Money(i, a.next, a.number, code, m);
    *next = a.next;
    return true;
  }

  bool MatchNumberFirst(size_t i, Mention* m, size_t* next) const {
    Amount a;
    if (!ReadAmount(i, &a)) return false;
    size_t j = a.next;
    // PERCENT: "47%", "12.5 %", "35 percent", "35 per cent".
    if (!a.spelled && !a.scaled && a.unit.empty() && !a.suffix_m) {
      size_t end = 0;
      if (SameLine(j) && Is(j, "%")) {
        end = j + 1;
      } else if (SameLine(j) && LookupWord(Text(j)).kind == WordKind::kPercent) {
        end = j + 1;
      } else if (SameLine(j + 1) && Is(j, "per") && Is(j + 1, "cent")) {
        end = j + 2;
      } else if (SameLine(j + 1) && Is(j, "percentage") &&
                 (Is(j + 1, "points") || Is(j + 1, "point"))) {
        end = j + 2;
      }
      if (end != 0) {
        if (LooksLikeCode(i)) return false;
        Fill(i, end, EntityType::kPercent, m);
        m->value->text = FormatDecimal(a.number.digits, a.number.exponent);
        m->value->number = ToDouble(a.number);
        *next = end;
        return true;
      }
    }
    // MONEY: "148 billion tenge", "5000₸", "3 million US dollars".
    if (a.unit.empty() && SameLine(j)) {
      std::string_view code = CurrencySymbol(Text(j));
      size_t end = j + 1;
      if (code.empty() && tokens_[j].kind == TokenKind::kWord) {
        WordInfo w = LookupWord(Text(j));
        if (w.kind == WordKind::kCurrency) {
          code = w.code;
        } else if ((Is(j, "US") || Is(j, "U.S.")) && SameLine(j + 1) &&
                   (Is(j + 1, "dollars") || Is(j + 1, "dollar"))) {
          code = "USD";
          end = j + 2;
        }
      }
      if (!code.empty()) {
        if (a.suffix_m) a.number.exponent += 6;
        Money(i, end, a.number, code, m);
        *next = end;
        return true;
      }
    }
    // QUANTITY with a unit: "18 tons", "250 km", "5,000 square meters".
    std::string_view unit = a.unit;
    size_t end = j;
    if (a.suffix_m) unit = "m";
    if (unit.empty() && SameLine(j) && tokens_[j].kind == TokenKind::kWord) {
      WordInfo w = LookupWord(Text(j));
      if (w.kind == WordKind::kUnit) {
        unit = w.code;
        end = j + 1;
      } else if ((Is(j, "square") || Is(j, "sq")) && SameLine(j + 1)) {
        WordInfo u = LookupWord(Text(j + 1));
        if (u.kind == WordKind::kUnit && (u.code == "m" || u.code == "km")) {
          unit = u.code == "m" ? "square meter" : "square km";
          end = j + 2;
        }
      } else if (Is(j, "cubic") && SameLine(j + 1)) {
        WordInfo u = LookupWord(Text(j + 1));
        if (u.kind == WordKind::kUnit && u.code == "m") {
          unit = "cubic meter";
          end = j + 2;
        }
      }
      // "km²", "m³" written with superscripts.
      if (!unit.empty() && Glued(end) && end < limit_) {
        if (Is(end, "\xC2\xB2")) {
          unit = unit == "km" ? "square km" : "square meter";
          ++end;
        } else if (Is(end, "\xC2\xB3") && unit == "m") {
          unit = "cubic meter";
          ++end;
        }
      }
      // A lone "m" after a plain number is too ambiguous ("5 m" vs. a name
      // initial); require the full word or a glued suffix.
      if (unit == "m" && Text(j).size() == 1) {
        unit = {};
        end = j;
      }
    }
    if (!a.spelled && !a.scaled && unit.empty() && !QuantityAllowed(i)) {
      return false;
    }
    // Digit durations ("48 hours", "94 days", "25 weeks") are neither
    // quantities nor dates.
    if (unit.empty() && SameLine(j) && tokens_[j].kind == TokenKind::kWord &&
        IsDurationUnit(Text(j))) {
      return false;
    }
    if (!a.spelled && LooksLikeCode(i)) return false;
    Fill(i, end, EntityType::kQuantity, m);
    std::string number = FormatDecimal(a.number.digits, a.number.exponent);
    m->value->number = ToDouble(a.number);
    if (!unit.empty()) {
      m->value->unit = std::string(unit);
      m->value->text = number + " " + std::string(unit);
    } else {
      m->value->text = std::move(number);
    }
    *next = end;
    return true;
  }

  // Numbers that are parts of codes rather than amounts: phone numbers
  // ("+7 (7172) 74-35-11"), postal codes ("010000"), clock times ("09:40"),
  // fractions and scores ("24/7"), numbers after '+', '#' or '№'.
  bool LooksLikeCode(size_t i) const {
    if (tokens_[i].kind != TokenKind::kNumber) return false;
    std::string_view t = Text(i);
    if (t.size() >= 2 && t[0] == '0' && AllDigits(t)) return true;
    if (i > 0 && Glued(i)) {
      std::string_view p = Text(i - 1);
      if (p == "+" || p == "#" || p == "\xE2\x84\x96") return true;
    }
    // Glued to ':', '/' or '.' and another number on either side.
    // `sep` and `other` sit on one side of i; all three must touch.
    auto joined = [&](size_t sep, size_t other) {
      if (other >= n_ || sep >= n_) return false;
      if (tokens_[other].kind != TokenKind::kNumber) return false;
      size_t right = std::max(i, other);
      if (!Glued(right) || !Glued(right - 1)) return false;
      std::string_view s = Text(sep);
      return s == ":" || s == "/" || s == ".";
    };
    if (joined(i + 1, i + 2) || (i >= 2 && joined(i - 1, i - 2))) return true;
    // A chain of numbers joined by hyphens: three or more ("55-01-23") or a
    // pair with a leading-zero part ("35-01") is a phone number; a pair such
    // as "10-15" is a range of two quantities.
    auto hyphen_link = [&](size_t left) {  // left number, '-', right number
      return left + 2 < n_ && Is(left + 1, "-") && Glued(left + 1) &&
             Glued(left + 2) && tokens_[left].kind == TokenKind::kNumber &&
             tokens_[left + 2].kind == TokenKind::kNumber;
    };
    // At most two links each way: enough to tell pairs from longer chains
    // while keeping "1-2-3-...-n" linear.
    size_t first = i;
    for (int k = 0; k < 2 && first >= 2 && hyphen_link(first - 2); ++k) {
      first -= 2;
    }
    size_t last = i;
    for (int k = 0; k < 2 && hyphen_link(last); ++k) last += 2;
    size_t count = (last - first) / 2 + 1;
    if (count >= 3) return true;
    if (count == 2) {
      for (size_t k = first; k <= last; k += 2) {
        std::string_view part = Text(k);
        if (part.size() >= 2 && part[0] == '0') return true;
      }
    }
    // Later groups of an international number: "+7 7172 64 20 20". Walk back
    // (a bounded number of tokens) over numbers, brackets and hyphens on the
    // same line to a '+' glued to a number.
    {
      size_t j = i;
      for (int steps = 0; steps < 8 && j > 0 && !tokens_[j].starts_line;
           ++steps) {
        --j;
        const Token& t = tokens_[j];
        std::string_view s = Text(j);
        if (s == "+") {
          if (j + 1 < n_ && Glued(j + 1) &&
              tokens_[j + 1].kind == TokenKind::kNumber) {
            return true;
          }
          break;
        }
        if (t.kind != TokenKind::kNumber && s != "(" && s != ")" && s != "-") {
          break;
        }
      }
    }
    // A trunk prefix before an area code: the "8" of "8 (7172) 55-01-23".
    if (i + 3 < n_ && Is(i + 1, "(") &&
        tokens_[i + 2].kind == TokenKind::kNumber && Is(i + 3, ")")) {
      return true;
    }
    // An area code in brackets followed by a number: "(7172) 55-01-23".
    if (i > 0 && i + 2 < n_ && Is(i - 1, "(") && Is(i + 1, ")") &&
        tokens_[i + 2].kind == TokenKind::kNumber &&
        !tokens_[i + 2].starts_line) {
      return true;
    }
    return false;
  }

  // Whether a plain number (no unit, no scale) is a QUANTITY: not a label
  // ("No. 2", "Article 5"), not a list marker ("1. Quarantine ..."), not a
  // year used as a modifier ("the 2020 budget").
  bool QuantityAllowed(size_t i) const {
    if (tokens_[i].kind != TokenKind::kNumber) return false;
    if (i > 0) {
      std::string_view p = Text(i - 1);
      char buf[24];
      std::string_view lower = LowerWord(p, buf);
      // Labels that number things in any case ("No. 2", "page 5").
      static constexpr std::string_view kLabels[] = {
          "no.", "no", "nos.", "number", "#", "article", "section", "chapter",
          "paragraph", "clause", "item", "page", "annex", "appendix", "apt.",
          "dial", "call", "\xE2\x84\x96"};
      // Labels that are ordinary words in lower case ("train 2,400
      // midwives") and part of a name when capitalized ("Train 5").
      static constexpr std::string_view kCapitalizedLabels[] = {
          "room", "grade", "class", "phase", "stage", "version", "route",
          "terminal", "platform", "gate", "part", "point", "decree", "order",
          "resolution", "law", "case", "level", "block", "building", "office",
          "unit", "flat", "house", "school", "hospital", "polyclinic",
          "clinic", "lyceum", "gymnasium", "kindergarten", "district",
          "microdistrict", "ward", "bus", "train", "flight", "station",
          "center", "centre", "camp", "plant", "mine", "square", "street",
          "avenue", "highway", "road", "sector", "zone", "area", "region"};
      for (std::string_view label : kLabels) {
        if (lower == label || p == label) return false;
      }
      if (!p.empty() && p[0] >= 'A' && p[0] <= 'Z') {
        for (std::string_view label : kCapitalizedLabels) {
          if (lower == label) return false;
        }
      }
    }
    // A number that names a service or line: "the 150 hotline".
    if (i + 1 < n_ && tokens_[i + 1].kind == TokenKind::kWord) {
      char buf[24];
      std::string_view next = LowerWord(Text(i + 1), buf);
      if (next == "hotline" || next == "helpline" || next == "hotlines" ||
          next == "call-center" || next == "call-centre") {
        return false;
      }
    }
    // A numbered list marker at the start of a line: "1. Quarantine", "2)".
    if (tokens_[i].starts_line && i + 1 < n_ && Glued(i + 1) &&
        (Is(i + 1, ".") || Is(i + 1, ")"))) {
      return false;
    }
    // A year as a modifier: "the 2020 budget", "its 2024 plan".
    std::string_view t = Text(i);
    if (t.size() == 4 && t >= "1900" && t <= "2100" && i > 0) {
      char buf[24];
      std::string_view lower = LowerWord(Text(i - 1), buf);
      if (lower == "the" || lower == "its" || lower == "their" ||
          lower == "this" || lower == "'s" || lower == "\xE2\x80\x99s" ||
          lower == "fiscal" || lower == "year" || lower == "\xC2\xA9" ||
          Is(i - 1, "\xC2\xA9")) {
        return false;
      }
    }
    return true;
  }

  void Fill(size_t first, size_t end, EntityType type, Mention* m) const {
    m->begin = tokens_[first].begin;
    m->end = tokens_[end - 1].end;
    m->text = std::string(text_.substr(m->begin, m->end - m->begin));
    m->type = type;
    m->confidence = 1.0f;
    m->value.emplace();
  }

  void Money(size_t first, size_t end, const Decimal& amount,
             std::string_view code, Mention* m) const {
    Fill(first, end, EntityType::kMoney, m);
    m->value->number = ToDouble(amount);
    m->value->unit = std::string(code);
    m->value->text =
        FormatDecimal(amount.digits, amount.exponent) + " " + std::string(code);
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  size_t n_;
  size_t limit_ = 0;
};

}  // namespace

std::string FormatDecimal(std::string_view digits, int exponent10) {
  size_t nz = digits.find_first_not_of('0');
  if (nz == std::string_view::npos || digits.empty()) return "0";
  std::string d(digits.substr(nz));
  // Drop trailing zeros into the exponent so "12.50" prints as "12.5".
  while (d.size() > 1 && d.back() == '0' && exponent10 < 0) {
    d.pop_back();
    ++exponent10;
  }
  if (exponent10 >= 0) {
    // Amounts beyond 10^30 are not news figures; cap the padding.
    if (exponent10 > 30) exponent10 = 30;
    return d + std::string(static_cast<size_t>(exponent10), '0');
  }
  long long point = static_cast<long long>(d.size()) + exponent10;
  if (point > 0) {
    return d.substr(0, static_cast<size_t>(point)) + "." +
           d.substr(static_cast<size_t>(point));
  }
  if (-point > 30) return "0";
  return "0." + std::string(static_cast<size_t>(-point), '0') + d;
}

std::vector<Mention> FindNumericMentions(std::string_view text,
                                         const std::vector<Token>& tokens,
                                         const CivilDay* reference_date) {
  std::vector<Mention> out;
  std::vector<DateMatch> dates = FindDates(text, tokens, reference_date);
  // First token of each date, found by one merge walk.
  std::vector<size_t> date_first(dates.size(), tokens.size());
  {
    size_t t = 0;
    for (size_t d = 0; d < dates.size(); ++d) {
      while (t < tokens.size() && tokens[t].begin < dates[d].begin) ++t;
      date_first[d] = t;
    }
  }
  NumericFinder finder(text, tokens);
  size_t d = 0;
  size_t i = 0;
  const size_t n = tokens.size();
  while (i < n) {
    if (d < dates.size() && i == date_first[d]) {
      const DateMatch& dm = dates[d];
      Mention m;
      m.begin = dm.begin;
      m.end = dm.end;
      m.text = std::string(text.substr(dm.begin, dm.end - dm.begin));
      m.type = EntityType::kDate;
      m.confidence = 1.0f;
      m.value.emplace();
      m.value->text = dm.iso;
      m.value->date_begin = dm.range_begin;
      m.value->date_end = dm.range_end;
      out.push_back(std::move(m));
      while (i < n && tokens[i].begin < dm.end) ++i;
      ++d;
      continue;
    }
    size_t limit = d < dates.size() ? date_first[d] : n;
    Mention m;
    size_t next = 0;
    if (finder.MatchAt(i, limit, &m, &next) && next > i) {
      out.push_back(std::move(m));
      i = next;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace newsgraph
