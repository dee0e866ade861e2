#include "tools/gen_articles/article_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include "absl/strings/string_view.h"
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace newsgraph {

// A place as the generator writes it: `name` is the surface form, `canonical`
// today's name (the two differ for renamed places such as Nur-Sultan).
struct GenPlace {
  std::string name;
  std::string canonical;
};

struct ArticleGenerator::Tables {
  std::vector<GenPlace> kz_cities;       // Kazakh cities, biggest first
  std::vector<GenPlace> foreign_cities;  // large cities elsewhere
  std::vector<std::string> countries;    // country names other than Kazakhstan
  std::string kazakhstan = "Kazakhstan";
};

namespace {

// ---------------------------------------------------------------------------
// Randomness with platform-independent results.

class Rng {
 public:
  explicit Rng(std::mt19937_64& engine) : engine_(engine) {}
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return engine_() % n; }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  double Real() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Real() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }

 private:
  std::mt19937_64& engine_;
};

// ---------------------------------------------------------------------------
// Built-in places (used when no gazetteer folder is given) and the aliases
// of renamed places, which the gazetteer lists under one of their names.

const std::vector<std::string>& BuiltinKzCities() {
  static const auto* const kCities = new std::vector<std::string>{
      "Astana",      "Almaty",     "Shymkent",  "Karaganda",    "Aktobe",
      "Taraz",       "Pavlodar",   "Ust-Kamenogorsk", "Semey",  "Atyrau",
      "Kostanay",    "Kyzylorda",  "Oral",      "Petropavl",    "Aktau",
      "Turkestan",   "Kokshetau",  "Taldykorgan", "Ekibastuz",  "Temirtau",
      "Zhezkazgan",  "Rudny",      "Kentau",    "Balkhash",     "Ridder"};
  return *kCities;
}

const std::vector<std::string>& BuiltinForeignCities() {
  static const auto* const kCities = new std::vector<std::string>{
      "Geneva", "Moscow", "Tashkent", "Bishkek", "Beijing", "Istanbul",
      "Berlin", "Seoul",  "Copenhagen", "Baku", "Minsk",  "Dushanbe"};
  return *kCities;
}

const std::vector<std::string>& BuiltinCountries() {
  static const auto* const kCountries = new std::vector<std::string>{
      "Russia",      "China",       "Uzbekistan", "Kyrgyzstan",
      "Turkey",      "Germany",     "South Korea", "Japan",
      "United States", "Switzerland", "Tajikistan", "Turkmenistan",
      "Azerbaijan",  "Belarus",     "India",      "France",
      "United Kingdom", "Italy",    "Poland",     "Finland"};
  return *kCountries;
}

// Kazakhstan's regions; "Region" is written lowercase after the name most of
// the time, which keeps only the name inside the LOCATION span.
const std::vector<std::string>& Regions() {
  static const auto* const kRegions = new std::vector<std::string>{
      "Akmola",   "Aktobe",         "Almaty",         "Atyrau",
      "West Kazakhstan", "Zhambyl", "Karaganda",      "Kostanay",
      "Kyzylorda", "Mangystau",     "Pavlodar",       "North Kazakhstan",
      "Turkestan", "East Kazakhstan", "Abai",         "Zhetysu",
      "Ulytau"};
  return *kRegions;
}

// Old name -> today's name.
std::string CanonicalPlace(absl::string_view name) {
  static const auto* const kAliases =
      new absl::flat_hash_map<std::string, std::string>{
          {"Nur-Sultan", "Astana"},  {"Akmola", "Astana"},
          {"Tselinograd", "Astana"}, {"Alma-Ata", "Almaty"},
          {"Guryev", "Atyrau"},      {"Semipalatinsk", "Semey"},
          {"Chimkent", "Shymkent"}};
  auto it = kAliases->find(name);
  return it == kAliases->end() ? std::string(name) : it->second;
}

// True for ASCII-printable names without characters that HTML would need to
// escape; the generator keeps its text free of them so that entity offsets
// into an HTML page point at the same bytes as in plain text.
bool UsableName(absl::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\t') return false;
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

absl::Status ReadLines(const std::string& path, std::vector<std::string>* lines) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string line;
  while (std::getline(in, line)) lines->push_back(line);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const ArticleGenerator::Tables>> LoadTables(
    const std::string& dir) {
  auto tables = std::make_shared<ArticleGenerator::Tables>();
  if (dir.empty()) {
    for (const std::string& c : BuiltinKzCities()) {
      tables->kz_cities.push_back({c, CanonicalPlace(c)});
    }
    for (const std::string& c : BuiltinForeignCities()) {
      tables->foreign_cities.push_back({c, c});
    }
    tables->countries = BuiltinCountries();
    return std::shared_ptr<const ArticleGenerator::Tables>(std::move(tables));
  }
  // cities.tsv: geonameid name asciiname country_code admin1_code
  // feature_code population alternate_names (with a header line).
  std::vector<std::string> lines;
  if (absl::Status s = ReadLines(dir + "/cities.tsv", &lines); !s.ok()) return s;
  std::vector<std::pair<int64_t, GenPlace>> kz, foreign;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<absl::string_view> f = absl::StrSplit(lines[i], '\t');
    if (f.size() < 7) continue;
    int64_t population = 0;
    if (!absl::SimpleAtoi(f[6], &population)) continue;
    absl::string_view name = f[1];
    if (!UsableName(name)) name = f[2];
    if (!UsableName(name)) continue;
    if (f[3] == "KZ" && population >= 20000) {
      kz.push_back({population, {std::string(name), CanonicalPlace(name)}});
    } else if (f[3] != "KZ" && population >= 1000000) {
      foreign.push_back({population, {std::string(name), std::string(name)}});
    }
  }
  auto by_population = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.name < b.second.name;
  };
  std::sort(kz.begin(), kz.end(), by_population);
  std::sort(foreign.begin(), foreign.end(), by_population);
  for (auto& [p, place] : kz) tables->kz_cities.push_back(std::move(place));
  for (auto& [p, place] : foreign) tables->foreign_cities.push_back(std::move(place));
  if (tables->kz_cities.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, "/cities.tsv has no Kazakh city (country_code KZ, "
                          "population >= 20000)"));
  }
  if (tables->foreign_cities.empty()) {
    for (const std::string& c : BuiltinForeignCities()) {
      tables->foreign_cities.push_back({c, c});
    }
  }
  // countries.tsv: iso2 iso3 name official_name capital demonym ...
  lines.clear();
  if (absl::Status s = ReadLines(dir + "/countries.tsv", &lines); !s.ok()) return s;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<absl::string_view> f = absl::StrSplit(lines[i], '\t');
    if (f.size() < 3 || !UsableName(f[2])) continue;
    if (f[0] == "KZ") {
      tables->kazakhstan = std::string(f[2]);
    } else {
      tables->countries.emplace_back(f[2]);
    }
  }
  if (tables->countries.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, "/countries.tsv has no usable country rows"));
  }
  return std::shared_ptr<const ArticleGenerator::Tables>(std::move(tables));
}

// ---------------------------------------------------------------------------
// Text with entity spans.

struct Fragment {
  std::string text;
  std::vector<GeneratedEntity> entities;

  void Add(absl::string_view s) { text.append(s.data(), s.size()); }
  void Entity(absl::string_view type, absl::string_view surface,
              absl::string_view canonical, std::string value = "") {
    GeneratedEntity e;
    e.begin = static_cast<uint32_t>(text.size());
    text.append(surface.data(), surface.size());
    e.end = static_cast<uint32_t>(text.size());
    e.type = std::string(type);
    e.text = std::string(surface);
    e.canonical = std::string(canonical);
    e.value = std::move(value);
    entities.push_back(std::move(e));
  }
  void Append(const Fragment& other) {
    const uint32_t shift = static_cast<uint32_t>(text.size());
    text += other.text;
    for (GeneratedEntity e : other.entities) {
      e.begin += shift;
      e.end += shift;
      entities.push_back(std::move(e));
    }
  }
};

std::string WithCommas(int64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  const int len = static_cast<int>(digits.size());
  for (int i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// "3.5" for 35 tenths, "12" for 120 tenths.
std::string Tenths(int64_t tenths) {
  if (tenths % 10 == 0) return absl::StrCat(tenths / 10);
  return absl::StrCat(tenths / 10, ".", tenths % 10);
}

constexpr std::array<const char*, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 12> kMonthAbbrev = {
    "Jan.", "Feb.", "March", "April", "May",  "June",
    "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};
constexpr std::array<const char*, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string IsoDay(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

const char* WeekdayName(absl::CivilDay d) {
  switch (absl::GetWeekday(d)) {
    case absl::Weekday::monday: return kWeekdays[0];
    case absl::Weekday::tuesday: return kWeekdays[1];
    case absl::Weekday::wednesday: return kWeekdays[2];
    case absl::Weekday::thursday: return kWeekdays[3];
    case absl::Weekday::friday: return kWeekdays[4];
    case absl::Weekday::saturday: return kWeekdays[5];
    case absl::Weekday::sunday: return kWeekdays[6];
  }
  return kWeekdays[0];
}

// ---------------------------------------------------------------------------
// People built from syllables.

constexpr std::array<const char*, 30> kKzFirstHeads = {
    "Ai",  "Ar",  "As",   "Ba",  "Bau", "Da",  "Dau", "Ye",  "Yer", "Zha",
    "Kai", "Ka",  "Mu",   "Nur", "Ol",  "Ra",  "Sa",  "Ser", "Ta",  "Tal",
    "Zhan", "Ab", "Al",   "Ak",  "Ber", "Dil", "Gal", "Is",  "Ma",  "Sy"};
constexpr std::array<const char*, 14> kKzMaleTails = {
    "lan", "zhan", "bek", "tan", "khan", "at", "ur", "mir", "ken", "zat",
    "rat", "ulan", "sultan", "daulet"};
constexpr std::array<const char*, 14> kKzFemaleTails = {
    "gul", "na", "ra", "gerim", "zhan", "ana", "el", "ym", "lia", "sulu",
    "zira", "nara", "dana", "shat"};
constexpr std::array<const char*, 14> kRuFirstHeads = {
    "Vla", "Ole", "Ni", "Dmi", "Ale", "Yev", "Gri", "Ta", "Svet", "Iri",
    "Ma", "Ser", "Va", "Ko"};
constexpr std::array<const char*, 10> kRuMaleTails = {
    "dimir", "g", "kolai", "triy", "ksei", "geny", "gory", "vel", "stantin", "dim"};
constexpr std::array<const char*, 10> kRuFemaleTails = {
    "tiana", "lana", "rina", "ya", "ksandra", "lena", "gelina", "sha", "rya", "nika"};
constexpr std::array<const char*, 34> kSurnameRoots = {
    "Abdi", "Aman", "Bai",  "Bek",   "Dzhak", "Yesim", "Zhuma", "Kassym",
    "Mukha", "Nurla", "Ora", "Sarsen", "Tokta", "Ualikh", "Shaikh", "Yerzh",
    "Kudai", "Seit", "Tule", "Zhaksy", "Karim", "Ismail", "Mamyt", "Ospan",
    "Petr",  "Sokol", "Vasil", "Kuzne", "Morozo", "Belo", "Lebed", "Volko",
    "Dos",  "Abyl"};
constexpr std::array<const char*, 12> kSurnameMiddles = {
    "", "", "", "bai", "bek", "kul", "zhan", "gali", "", "tay", "ken", "mur"};

struct Person {
  std::string first;
  std::string last;
  bool female = false;
  bool introduced = false;
  std::string Full() const { return absl::StrCat(first, " ", last); }
};

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = absl::ascii_toupper(s[0]);
  return s;
}

Person MakePerson(Rng& rng) {
  Person p;
  p.female = rng.Chance(0.45);
  const bool russian = rng.Chance(0.2);
  if (russian) {
    p.first = absl::StrCat(rng.Pick(kRuFirstHeads),
                           p.female ? rng.Pick(kRuFemaleTails)
                                    : rng.Pick(kRuMaleTails));
  } else {
    p.first = absl::StrCat(rng.Pick(kKzFirstHeads),
                           p.female ? rng.Pick(kKzFemaleTails)
                                    : rng.Pick(kKzMaleTails));
    if (rng.Chance(0.08)) {  // hyphenated double names: "Nur-Daulet"
      p.first = absl::StrCat(rng.Pick(kKzFirstHeads),
                             rng.Pick(kKzMaleTails), "-",
                             Capitalized(rng.Pick(kKzMaleTails)));
    }
  }
  std::string root =
      absl::StrCat(rng.Pick(kSurnameRoots), rng.Pick(kSurnameMiddles));
  const uint64_t style = rng.Below(10);
  if (!russian && style == 0) {
    p.last = absl::StrCat(root, p.female ? "kyzy" : "uly");
  } else {
    const bool vowel_end = absl::string_view("aeiouy").find(root.back()) !=
                           absl::string_view::npos;
    const char* suffix = vowel_end ? (p.female ? "yeva" : "yev")
                                   : (p.female ? "ova" : "ov");
    if (style <= 3 && !vowel_end) suffix = p.female ? "eva" : "ev";
    p.last = absl::StrCat(root, suffix);
  }
  return p;
}

// ---------------------------------------------------------------------------
// Organizations.

struct Org {
  std::string full;
  std::string acronym;  // "" when the organization is not known by one
  bool introduced = false;
};

constexpr std::array<const char*, 8> kOtherMinistries = {
    "Ministry of Finance",
    "Ministry of Education",
    "Ministry of Labor and Social Protection",
    "Ministry of Emergency Situations",
    "Ministry of National Economy",
    "Ministry of Digital Development",
    "Ministry of Ecology and Natural Resources",
    "Ministry of Industry and Infrastructure Development"};
constexpr std::array<const char*, 10> kSpecialties = {
    "Cardiology", "Oncology",    "Pediatrics",   "Surgery",     "Neurology",
    "Traumatology", "Tuberculosis Control", "Maternal and Child Health",
    "Infectious Diseases", "Rehabilitation"};

struct IntlOrg {
  const char* full;
  const char* acronym;
};
constexpr std::array<IntlOrg, 6> kIntlOrgs = {{
    {"World Health Organization", "WHO"},
    {"United Nations Children's Fund", "UNICEF"},
    {"World Bank", ""},
    {"Asian Development Bank", "ADB"},
    {"United Nations Development Programme", "UNDP"},
    {"Eurasian Development Bank", "EDB"},
}};

// ---------------------------------------------------------------------------
// Templates. A slot {NAME} is filled from the article's context (see
// Writer::Slot); anything else is copied. Sentences never begin with a slot
// that could come out in lower case.

enum class Topic { kAppointment, kBudget, kCovid, kHospital, kWho, kVaccination, kSalary };
constexpr int kTopicCount = 7;

const std::vector<std::vector<std::string>>& Headlines() {
  static const auto* const kHeadlines = new std::vector<std::vector<std::string>>{
      {"{P0} appointed {P0t}",
       "{P0} named {P0t}",
       "{P0t}: {P0} takes office",
       "President appoints {P0} as {P0t}"},
      {"{MONEY} allocated for healthcare in {CITY}",
       "{KZ} to spend {MONEY} on new clinics",
       "Health budget of {REGION} grows by {PCT}",
       "Government approves {MONEY} for rural hospitals"},
      {"{KZ} registers {CASES} new COVID-19 cases",
       "COVID-19: {CASES} cases recorded in {CITY} over past day",
       "Coronavirus incidence falls by {PCT} in {CITY}",
       "{CITY} tightens quarantine as cases rise"},
      {"New hospital for {BEDS} beds opens in {CITY}",
       "{HOSP} receives modern equipment",
       "{CITY} to build multidisciplinary hospital by {YEARF}",
       "Construction of {CENTER} nears completion"},
      {"{P0} meets {INTL} delegation",
       "{INTL} praises {KZ}'s primary healthcare reform",
       "{KZ} and {INTL} sign cooperation roadmap",
       "{INTL} experts visit {CITY}"},
      {"Over {BIGN} people vaccinated in {KZ}",
       "{CITY} receives {BIGN} doses of vaccine",
       "Vaccination coverage in {REGION} reaches {PCT}",
       "Flu vaccination campaign starts in {CITY}"},
      {"Doctors' salaries to rise by {PCT}",
       "Nurses in {CITY} to earn {SALARY} a month",
       "{MINH} announces pay rise for medical workers",
       "Average doctor's salary reaches {SALARY}"},
  };
  return *kHeadlines;
}

// Lead sentences, one list per topic.
const std::vector<std::vector<std::string>>& Leads() {
  static const auto* const kLeads = new std::vector<std::vector<std::string>>{
      {"By a decree of the President of {KZ}, {P0} has been appointed {P0t}, the press service of the {MINH} reports.",
       "On {DATE}, {P0} was introduced to the staff as the new {P0t}.",
       "{P0t} {P0} was appointed to the post on {DATE}, replacing {P1}, who moved to the {MINX}."},
      {"The {MINX} has allocated {MONEY} to modernize the healthcare system of {REGION} in {NEXTYEAR}.",
       "According to {P0t} {P0}, {MONEY} will be spent on the construction and repair of clinics in {CITY} and {CITY2}.",
       "On {DATE}, the regional council of {CITY} approved a healthcare budget of {MONEY}, {PCT} more than in {LASTYEAR}."},
      {"Over the past 24 hours, {CASES} new cases of coronavirus infection have been registered in {KZ}, the interdepartmental commission reported on {DATE}.",
       "{CITY} recorded {CASES} new COVID-19 cases on {DATE}, the city's sanitary service said.",
       "The number of COVID-19 patients in hospitals of {CITY} has fallen by {PCT} over the past week, {P0t} {P0} told journalists."},
      {"A new hospital for {BEDS} beds opened in {CITY} on {DATE}, the press service of the {MINH} reports.",
       "{HOSP} has received new diagnostic equipment worth {MONEY}, {P0t} {P0} said on {DATE}.",
       "Construction of {CENTER} in {CITY} will be completed by {YEARF}, {P0t} {P0} announced."},
      {"{P0t} {P0} met with a delegation of the {INTL} headed by {P1} on {DATE}.",
       "Experts of the {INTL} arrived in {CITY} on {DATE} to study the work of primary healthcare.",
       "{KZ} and the {INTL} signed a roadmap of cooperation for {NEXTYEAR} in {FCITY} on {DATE}."},
      {"More than {BIGN} people have received the first component of the vaccine in {KZ} as of {DATE}, the {MINH} reports.",
       "{CITY} received a new batch of {BIGN} doses of vaccine on {DATE}, {P0t} {P0} said.",
       "Vaccination coverage in {REGION} has reached {PCT} of the adult population, {P0t} {P0} said on {DATE}."},
      {"Salaries of doctors in {KZ} will increase by {PCT} from {DATEF}, {P0t} {P0} announced on {DATE}.",
       "The average salary of a nurse in {CITY} will reach {SALARY} a month, the {MINH} said on {DATE}.",
       "From {DATEF}, medical workers of {REGION} will receive an additional payment of {SALARY}, {P0t} {P0} said."},
  };
  return *kLeads;
}

// Body sentences per topic; kGeneral below is mixed into every topic.
const std::vector<std::vector<std::string>>& TopicSentences() {
  static const auto* const kSentences = new std::vector<std::vector<std::string>>{
      {"Before the appointment, {P0} worked as deputy head of the health department of {CITY2} for {SMALL} years.",
       "{P0} graduated from the {CITY} State Medical University in {YEAR} and later studied public health in {COUNTRY}.",
       "{P1}, who headed the department since {YEAR}, has been transferred to the {MINX}.",
       "The new {P0t} was introduced to the staff by {P2t} {P2}.",
       "{P0} has worked in the healthcare system for more than {SMALL} years, including as chief physician of {HOSP2}.",
       "In {MONTHYR}, {P0} was awarded the title of Honored Worker of Healthcare of {KZ}."},
      {"Of this amount, {MONEY2} will be spent on medical equipment and {MONEY3} on ambulance vehicles.",
       "In {LASTYEAR}, the region spent {MONEY2} on healthcare, which is {PCT} less than planned.",
       "The funds will also cover the repair of {NUM} rural medical stations and {SMALLN} outpatient clinics.",
       "Part of the project, {USD}, is financed by a loan from the {INTL}.",
       "The budget commission of {CITY} approved the allocation on {DATE}.",
       "According to {P1t} {P1}, {PCT} of the funds have already been disbursed."},
      {"Of the new cases, {CASES2} were registered in {CITY}, {CASES3} in {CITY2} and {CASES4} in {REGION}.",
       "Since the beginning of the pandemic, {BIGN} cases of coronavirus have been recorded in {KZ}.",
       "The number of new cases fell by {PCT} compared with {LASTYEARREL}'s peak.",
       "{NUM} patients are in intensive care, {SMALLN} of them on ventilators.",
       "The occupancy of infectious disease beds in {CITY} is {PCT}, {P1t} {P1} said.",
       "Over the past day, {CASES2} people recovered and were discharged from hospitals.",
       "The positivity rate of PCR tests stood at {PCT} on {DATE}.",
       "Restrictions in {CITY} will remain in force until {DATEF}, the chief sanitary doctor said."},
      {"The hospital, built at a cost of {MONEY2}, has {BEDS} beds, {SMALLN} operating rooms and a helipad.",
       "{NUM} doctors and {NUM2} nurses will work at {HOSP}.",
       "The building stands on an area of {AREA} on the outskirts of {CITY}.",
       "{P1t} {P1} said the hospital will serve residents of {CITY} and {SMALLN} neighboring districts, about {BIGN} people.",
       "Equipment for the new wing, {TONS} in total, was delivered from {COUNTRY}.",
       "The nearest regional hospital is {KM} away, so residents of the district had to travel to {CITY2} for surgery."},
      {"The parties discussed the reform of primary healthcare, the fight against tuberculosis and the digitalization of hospitals.",
       "{P1t} {P1} noted that {KZ} had reduced maternal mortality by {PCT} since {YEAR}.",
       "The {INTL} will provide {USD} for the training of {NUM} family doctors.",
       "The next meeting of the working group will take place in {FCITY} on {DATEF}.",
       "{P0} also met with representatives of {CENTER}.",
       "The delegation visited {HOSP} and a primary care clinic in {CITY2}."},
      {"In total, {BIGN} doses of vaccine have been delivered to {KZ} since {MONTHYR}.",
       "Vaccination points operate in {NUM} clinics and {SMALLN} shopping centers of {CITY}.",
       "{PCT} of medical workers have already been vaccinated, {P1t} {P1} said.",
       "The next batch of {BIGN} doses is expected from {COUNTRY} by {DATEF}.",
       "Mobile teams have vaccinated {NUM} residents of remote villages in {REGION}.",
       "The vaccine is stored at a temperature of minus {SMALL} degrees."},
      {"The basic salary of a doctor will be {SALARY}, of a nurse {SALARY2}.",
       "The salaries of medical workers increased by {PCT} {LASTYEARREL}.",
       "The pay rise will cover {BIGN} medical workers and will cost the budget {MONEY2}.",
       "{P1t} {P1} said rural doctors will receive an additional {PCT} to their salaries.",
       "By {YEARF}, the salary of doctors should reach {PCT} of the average salary in the economy.",
       "The {MINX} has already transferred {MONEY3} to the regions for the payments."},
  };
  return *kSentences;
}

const std::vector<std::string>& GeneralSentences() {
  static const auto* const kGeneral = new std::vector<std::string>{
      "The {MINH} will monitor the implementation of the project, {P0} added.",
      "Residents of {CITY} can get advice by calling the single contact center 1406.",
      "Earlier, {P1t} {P1} instructed the governors of the regions to check the readiness of hospitals.",
      "The meeting was attended by the heads of regional health departments and representatives of {CENTER}.",
      "In {REGION}, the program will cover {NUM} settlements.",
      "According to the {MINH}, the number of doctors in {KZ} has grown by {PCT} over {SMALL} years.",
      "{P0} also visited {HOSP2} in {CITY2}, where {he0} inspected the new intensive care unit.",
      "The work will be completed by {DATEF}, the press service said.",
      "Similar projects are planned in {CITY2} and {CITY3}.",
      "{P2t} {P2} said the regional administration would provide land for the project.",
  };
  return *kGeneral;
}

// Quotes: the sentence frames and the quoted words.
const std::vector<std::string>& QuoteFrames() {
  static const auto* const kFrames = new std::vector<std::string>{
      "{OQ}{Q}{CQ}, {P0} said.",
      "{OQ}{Q}{CQ}, said {P0t} {P0}.",
      "{P0} noted: {OQ}{Q}{CQ}",
      "{OQ}{Q}{CQ}, {P1} emphasized.",
      "According to {P1}, {OQ}{Q}{CQ}",
      "{OQ}{Q}{CQ}, {he0} told journalists.",
  };
  return *kFrames;
}

const std::vector<std::string>& QuoteBodies() {
  static const auto* const kQuotes = new std::vector<std::string>{
      "We must make sure that every village has access to a doctor.",
      "This year we will open {SMALLN} new clinics in {REGION}.",
      "The situation in {CITY} is stable, but we cannot relax.",
      "Our task is to bring the salary of doctors to a decent level.",
      "The equipment will allow us to treat patients here instead of sending them to {CITY2}.",
      "Vaccination remains the most effective protection.",
      "We expect to complete construction by {DATEF}.",
      "The {INTL} is ready to support {KZ} in this work.",
  };
  return *kQuotes;
}

const std::vector<std::string>& PersonTitles() {
  static const auto* const kTitles = new std::vector<std::string>{
      "Health Minister", "Minister of Healthcare", "Vice Minister of Healthcare",
      "Deputy Prime Minister", "chief physician of {HOSP}",
      "head of the {CITY} city health department", "governor of {REGION}",
      "{CITYS} governor", "chief sanitary doctor of {KZ}",
      "head of {CENTER}", "Prime Minister", "Finance Minister"};
  return *kTitles;
}

const std::vector<std::string>& Sources() {
  static const auto* const kSources = new std::vector<std::string>{
      "news-agency.kz", "gov-press.kz",   "example.kz",     "health-news.kz",
      "steppe-herald.kz", "medinfo.kz",   "region-press.kz", "capital-times.kz",
      "kz-daily.example.com", "press.health.example.kz"};
  return *kSources;
}

// ---------------------------------------------------------------------------
// One article being written.

class Writer {
 public:
  Writer(const ArticleGenerator::Tables& tables, Rng& rng,
         absl::CivilMinute published)
      : tables_(tables), rng_(rng), published_(published) {
    for (Person& p : people_) p = MakePerson(rng_);
    for (int i = 0; i < 3; ++i) {
      // Distinct titles: two health ministers in one story read as a bug.
      do {
        titles_[i] = rng_.Pick(PersonTitles());
      } while ((i > 0 && titles_[i] == titles_[0]) ||
               (i > 1 && titles_[i] == titles_[1]));
    }
    city_ = PickKzCity();
    do { city2_ = PickKzCity(); } while (city2_.canonical == city_.canonical &&
                                         tables_.kz_cities.size() > 2);
    do { city3_ = PickKzCity(); } while ((city3_.canonical == city_.canonical ||
                                          city3_.canonical == city2_.canonical) &&
                                         tables_.kz_cities.size() > 3);
    apostrophe_ = rng_.Chance(0.5) ? "\u2019" : "'";
    region_ = rng_.Pick(Regions());
    region_capitalized_ = rng_.Chance(0.3);
    country_ = rng_.Pick(tables_.countries);
    foreign_city_ = rng_.Pick(tables_.foreign_cities);
    hospital_ = MakeHospital(city_);
    hospital2_ = MakeHospital(city2_);
    center_ = MakeCenter();
    ministry_health_.full = rng_.Chance(0.7) ? "Ministry of Healthcare" : "Ministry of Health";
    ministry_other_.full = rng_.Pick(kOtherMinistries);
    const IntlOrg& intl = rng_.Pick(kIntlOrgs);
    intl_ = {intl.full, intl.acronym, false};
    switch (rng_.Below(3)) {
      case 0: oq_ = "\u201c"; cq_ = "\u201d"; break;
      case 1: oq_ = "\u00ab"; cq_ = "\u00bb"; break;
      default: oq_ = "\""; cq_ = "\""; break;
    }
  }

  // Forget first mentions (the headline introduces nobody to the body).
  void ResetMentions() {
    for (Person& p : people_) p.introduced = false;
    for (Org* o : {&hospital_, &hospital2_, &center_, &ministry_health_,
                   &ministry_other_, &intl_}) {
      o->introduced = false;
    }
  }

  void Expand(absl::string_view tmpl, Fragment& out) {
    size_t i = 0;
    while (i < tmpl.size()) {
      const size_t open = tmpl.find('{', i);
      if (open == absl::string_view::npos) {
        out.Add(tmpl.substr(i));
        break;
      }
      out.Add(tmpl.substr(i, open - i));
      const size_t close = tmpl.find('}', open);
      Slot(tmpl.substr(open + 1, close - open - 1), out);
      i = close + 1;
    }
  }

  // While `memo` is set, number, money, percent and future-date slots take
  // the value they had the first time they were filled, so a lead repeats the
  // figures of its headline instead of contradicting them.
  void SetMemo(absl::flat_hash_map<std::string, Fragment>* memo) { memo_ = memo; }

  const GenPlace& city() const { return city_; }
  const std::string& apostrophe() const { return apostrophe_; }

 private:
  GenPlace PickKzCity() {
    // Bias toward the big cities: half of the draws come from the top five.
    const auto& cities = tables_.kz_cities;
    GenPlace place = rng_.Chance(0.5)
                         ? cities[rng_.Below(std::min<size_t>(5, cities.size()))]
                         : rng_.Pick(cities);
    if (place.canonical == "Astana") {
      // The capital was called Nur-Sultan from March 2019 to September 2022.
      const absl::CivilDay day(published_);
      const bool nur_sultan = day >= absl::CivilDay(2019, 3, 23) &&
                              day < absl::CivilDay(2022, 9, 17);
      place.name = nur_sultan ? "Nur-Sultan" : "Astana";
    }
    return place;
  }

  Org MakeHospital(const GenPlace& city) {
    Org org;
    switch (rng_.Below(6)) {
      case 0: org.full = absl::StrCat(city.name, " Regional Hospital"); break;
      case 1: org.full = absl::StrCat(city.name, " City Hospital No. ", rng_.Between(1, 9)); break;
      case 2: org.full = absl::StrCat(city.name, " Regional Perinatal Center"); break;
      case 3: org.full = absl::StrCat(city.name, " Children", apostrophe_, "s Hospital"); break;
      case 4: org.full = absl::StrCat(city.name, " Multidisciplinary City Hospital"); break;
      default: org.full = absl::StrCat(city.name, " Regional Oncology Dispensary"); break;
    }
    return org;
  }

  Org MakeCenter() {
    Org org;
    const char* specialty = rng_.Pick(kSpecialties);
    switch (rng_.Below(3)) {
      case 0: org.full = absl::StrCat(MakePerson(rng_).last, " National Center for ", specialty); break;
      case 1: org.full = absl::StrCat("National Scientific Center for ", specialty); break;
      default: org.full = absl::StrCat(city_.name, " Center for ", specialty); break;
    }
    return org;
  }

  void PersonMention(Person& p, Fragment& out) {
    const std::string full = p.Full();
    if (!p.introduced || rng_.Chance(0.1)) {
      p.introduced = true;
      out.Entity("PERSON", full, full);
    } else {
      out.Entity("PERSON", p.last, full);
    }
  }

  void OrgMention(Org& org, Fragment& out) {
    if (!org.introduced || org.acronym.empty() || rng_.Chance(0.2)) {
      org.introduced = true;
      out.Entity("ORG", org.full, org.full);
    } else {
      out.Entity("ORG", org.acronym, org.full);
    }
  }

  void Place(const GenPlace& place, Fragment& out) {
    out.Entity("LOCATION", place.name, place.canonical);
  }

  void Region(Fragment& out) {
    if (region_capitalized_) {
      const std::string name = absl::StrCat(region_, " Region");
      out.Add("the ");
      out.Entity("LOCATION", name, name);
    } else {
      out.Add("the ");
      out.Entity("LOCATION", region_, region_);
      out.Add(" region");
    }
  }

  void Money(int scale_kind, Fragment& out) {
    // scale_kind 0: large budgets, 1: smaller sums, 2: US dollars.
    if (scale_kind == 2) {
      const int64_t tenths = rng_.Between(5, 990);
      const bool billion = rng_.Chance(0.15);
      const int64_t scale = billion ? 1000000000 : 1000000;
      const std::string amount = absl::StrCat(Tenths(tenths), billion ? " billion" : " million");
      std::string surface;
      switch (rng_.Below(3)) {
        case 0: surface = absl::StrCat("US$", amount); break;
        case 1: surface = absl::StrCat("$", amount); break;
        default: surface = absl::StrCat(amount, " dollars"); break;
      }
      out.Entity("MONEY", surface, surface, absl::StrCat(tenths * scale / 10, " USD"));
      return;
    }
    if (scale_kind == 1 && rng_.Chance(0.5)) {
      const int64_t amount = rng_.Between(50, 9000) * 1000 + rng_.Between(0, 9) * 100;
      const std::string surface = absl::StrCat(WithCommas(amount), " tenge");
      out.Entity("MONEY", surface, surface, absl::StrCat(amount, " KZT"));
      return;
    }
    int64_t tenths;
    int64_t scale;
    const char* word;
    const uint64_t pick = rng_.Below(10);
    if (scale_kind == 1 || pick < 3) {
      tenths = rng_.Between(10, 9990);
      scale = 1000000;
      word = "million";
    } else if (pick < 9) {
      tenths = rng_.Between(10, 3000);
      scale = 1000000000;
      word = "billion";
    } else {
      tenths = rng_.Between(10, 40);
      scale = 1000000000000;
      word = "trillion";
    }
    if (tenths >= 100) tenths -= tenths % 10;  // "125 billion", not "125.3"
    std::string surface = rng_.Chance(0.15)
                              ? absl::StrCat("KZT ", Tenths(tenths), " ", word)
                              : absl::StrCat(Tenths(tenths), " ", word, " tenge");
    out.Entity("MONEY", surface, surface, absl::StrCat(tenths * scale / 10, " KZT"));
  }

  void Salary(Fragment& out) {
    const int64_t amount = rng_.Between(150, 950) * 1000 + rng_.Between(0, 9) * 100;
    std::string surface = rng_.Chance(0.8)
                              ? absl::StrCat(WithCommas(amount), " tenge")
                              : absl::StrCat(WithCommas(amount), " \u20b8");
    out.Entity("MONEY", surface, surface, absl::StrCat(amount, " KZT"));
  }

  void Count(int64_t lo, int64_t hi, Fragment& out) {
    const int64_t n = rng_.Between(lo, hi);
    const std::string surface = WithCommas(n);
    out.Entity("QUANTITY", surface, surface, absl::StrCat(n));
  }

  void BigNumber(Fragment& out) {
    static constexpr std::array<const char*, 5> kSpelled = {"two", "three", "five", "ten", "four"};
    static constexpr std::array<int64_t, 5> kSpelledValue = {2, 3, 5, 10, 4};
    switch (rng_.Below(4)) {
      case 0: {
        const int64_t n = rng_.Between(100, 990);
        const std::string s = absl::StrCat(n, " thousand");
        out.Entity("QUANTITY", s, s, absl::StrCat(n * 1000));
        return;
      }
      case 1: {
        const uint64_t k = rng_.Below(kSpelled.size());
        const std::string s = absl::StrCat(kSpelled[k], " million");
        out.Entity("QUANTITY", s, s, absl::StrCat(kSpelledValue[k] * 1000000));
        return;
      }
      default: {
        const int64_t tenths = rng_.Between(11, 199);
        const std::string s = absl::StrCat(Tenths(tenths), " million");
        out.Entity("QUANTITY", s, s, absl::StrCat(tenths * 100000));
        return;
      }
    }
  }

  void Measure(const char* unit_plural, const char* unit_value, int64_t lo,
               int64_t hi, Fragment& out) {
    const int64_t n = rng_.Between(lo, hi);
    const std::string s = absl::StrCat(WithCommas(n), " ", unit_plural);
    out.Entity("QUANTITY", s, s, absl::StrCat(n, " ", unit_value));
  }

  void Percent(Fragment& out) {
    const bool decimal = rng_.Chance(0.25);
    const int64_t tenths = decimal ? rng_.Between(11, 989) : rng_.Between(2, 98) * 10;
    const std::string number = Tenths(tenths);
    std::string surface;
    switch (rng_.Below(4)) {
      case 0: surface = absl::StrCat(number, " percent"); break;
      case 1: surface = absl::StrCat(number, " per cent"); break;
      default: surface = absl::StrCat(number, "%"); break;
    }
    out.Entity("PERCENT", surface, surface, number);
  }

  // A date up to a few weeks before publication, in one of several shapes.
  void PastDate(Fragment& out) {
    const absl::CivilDay pub(published_);
    const absl::CivilDay d = pub - rng_.Between(0, 20);
    const char* month = kMonths[d.month() - 1];
    std::string surface;
    switch (rng_.Below(5)) {
      case 0: surface = absl::StrCat(d.day(), " ", month, " ", d.year()); break;
      case 1: surface = absl::StrCat(month, " ", d.day(), ", ", d.year()); break;
      case 2: surface = absl::StrCat(kMonthAbbrev[d.month() - 1], " ", d.day()); break;
      case 3: surface = absl::StrCat(d.day(), " ", month); break;
      default: surface = IsoDay(d); break;
    }
    out.Entity("DATE", surface, surface, IsoDay(d));
  }

  void FutureDate(Fragment& out) {
    const absl::CivilDay pub(published_);
    switch (rng_.Below(4)) {
      case 0: {
        const std::string s = "next year";
        out.Entity("DATE", s, s, absl::StrCat(pub.year() + 1));
        return;
      }
      case 1: {
        const int64_t year = pub.year() + rng_.Between(1, 4);
        const std::string s = absl::StrCat(year);
        out.Entity("DATE", s, s, s);
        return;
      }
      default: {
        const absl::CivilDay d = pub + rng_.Between(10, 200);
        const std::string s = absl::StrCat(d.day(), " ", kMonths[d.month() - 1], " ", d.year());
        out.Entity("DATE", s, s, IsoDay(d));
        return;
      }
    }
  }

  static bool Memoizable(absl::string_view name) {
    return name == "CASES" || name == "MONEY" || name == "PCT" || name == "BIGN" ||
           name == "BEDS" || name == "SALARY" || name == "YEARF" || name == "USD";
  }

  void Slot(absl::string_view name, Fragment& out) {
    if (memo_ != nullptr && Memoizable(name)) {
      auto it = memo_->find(name);
      if (it == memo_->end()) {
        Fragment value;
        FillSlot(name, value);
        it = memo_->emplace(std::string(name), std::move(value)).first;
      }
      return out.Append(it->second);
    }
    FillSlot(name, out);
  }

  void FillSlot(absl::string_view name, Fragment& out) {
    const absl::CivilDay pub(published_);
    if (name.size() >= 2 && name[0] == 'P' && name[1] >= '0' && name[1] <= '2') {
      const int k = name[1] - '0';
      if (name.size() == 2) return PersonMention(people_[k], out);
      if (name.substr(2) == "t") return Expand(titles_[k], out);
    }
    if (name == "he0") return out.Add(people_[0].female ? "she" : "he");
    if (name == "CITY") return Place(city_, out);
    if (name == "CITY2") return Place(city2_, out);
    if (name == "CITY3") return Place(city3_, out);
    if (name == "CITYS") {
      Place(city_, out);
      return out.Add(absl::StrCat(apostrophe_, "s"));
    }
    if (name == "KZ") {
      return out.Entity("LOCATION", tables_.kazakhstan, tables_.kazakhstan);
    }
    if (name == "COUNTRY") return out.Entity("LOCATION", country_, country_);
    if (name == "FCITY") return Place(foreign_city_, out);
    if (name == "REGION") return Region(out);
    if (name == "MINH") return OrgMention(ministry_health_, out);
    if (name == "MINX") return OrgMention(ministry_other_, out);
    if (name == "HOSP") return OrgMention(hospital_, out);
    if (name == "HOSP2") return OrgMention(hospital2_, out);
    if (name == "CENTER") return OrgMention(center_, out);
    if (name == "INTL") return OrgMention(intl_, out);
    if (name == "MONEY") return Money(0, out);
    if (name == "MONEY2" || name == "MONEY3") return Money(1, out);
    if (name == "USD") return Money(2, out);
    if (name == "SALARY" || name == "SALARY2") return Salary(out);
    if (name == "CASES") return Count(120, 99000, out);
    if (name == "CASES2" || name == "CASES3" || name == "CASES4") return Count(10, 2500, out);
    if (name == "BEDS") return Count(50, 900, out);
    if (name == "NUM" || name == "NUM2") return Count(12, 4800, out);
    if (name == "SMALLN") return Count(12, 95, out);  // digits: a QUANTITY
    if (name == "SMALL") return out.Add(absl::StrCat(rng_.Between(2, 9)));  // not tagged
    if (name == "BIGN") return BigNumber(out);
    if (name == "KM") return Measure("km", "km", 15, 900, out);
    if (name == "TONS") return Measure("tons", "ton", 2, 300, out);
    if (name == "AREA") return Measure("hectares", "hectare", 2, 40, out);
    if (name == "PCT") return Percent(out);
    if (name == "DATE") return PastDate(out);
    if (name == "DATEF") return FutureDate(out);
    if (name == "YEARF") {
      const std::string s = absl::StrCat(pub.year() + rng_.Between(1, 5));
      return out.Entity("DATE", s, s, s);
    }
    if (name == "YEAR") {
      const std::string s = absl::StrCat(pub.year() - rng_.Between(2, 20));
      return out.Entity("DATE", s, s, s);
    }
    if (name == "NEXTYEAR") {
      return out.Entity("DATE", "next year", "next year", absl::StrCat(pub.year() + 1));
    }
    if (name == "LASTYEAR") {  // after a preposition: "in 2023"
      const std::string s = absl::StrCat(pub.year() - 1);
      return out.Entity("DATE", s, s, s);
    }
    if (name == "LASTYEARREL") {  // without one: "rose last year"
      return out.Entity("DATE", "last year", "last year", absl::StrCat(pub.year() - 1));
    }
    if (name == "MONTHYR") {
      const int year = static_cast<int>(pub.year() - rng_.Between(1, 6));
      const int month = static_cast<int>(rng_.Between(1, 12));
      const std::string s = rng_.Chance(0.5)
                                ? absl::StrCat(kMonths[month - 1], " of ", year)
                                : absl::StrCat(kMonths[month - 1], " ", year);
      return out.Entity("DATE", s, s, absl::StrFormat("%04d-%02d", year, month));
    }
    if (name == "OQ") return out.Add(oq_);
    if (name == "CQ") return out.Add(cq_);
    if (name == "Q") return Expand(rng_.Pick(QuoteBodies()), out);
    out.Add(name);  // unknown slot: a template bug; visible in the output
  }

  const ArticleGenerator::Tables& tables_;
  Rng& rng_;
  absl::CivilMinute published_;
  std::array<Person, 3> people_;
  std::array<std::string, 3> titles_;
  GenPlace city_, city2_, city3_, foreign_city_;
  std::string region_;
  bool region_capitalized_ = false;
  std::string country_;
  Org hospital_, hospital2_, center_, ministry_health_, ministry_other_, intl_;
  std::string oq_, cq_, apostrophe_;
  absl::flat_hash_map<std::string, Fragment>* memo_ = nullptr;
};

// ---------------------------------------------------------------------------
// Chrome.

// A publication date line in one of the shapes sites use; with the time of
// day when `with_time`.
std::string DateLine(Rng& rng, absl::CivilMinute t, bool with_time) {
  const absl::CivilDay d(t);
  const char* month = kMonths[d.month() - 1];
  const std::string lower = absl::AsciiStrToLower(month);
  if (with_time) {
    switch (rng.Below(3)) {
      case 0: return absl::StrFormat("%d %s %d, %02d:%02d", d.day(), month, d.year(), t.hour(), t.minute());
      case 1: return absl::StrFormat("%d %s %d - %02d:%02d", d.day(), lower, d.year(), t.hour(), t.minute());
      default: return absl::StrFormat("%s %02d:%02d", IsoDay(d), t.hour(), t.minute());
    }
  }
  switch (rng.Below(4)) {
    case 0: return absl::StrFormat("%d %s %d", d.day(), lower, d.year());
    case 1: return absl::StrFormat("%d %s %d", d.day(), month, d.year());
    case 2: return absl::StrFormat("%s %d, %d", kMonthAbbrev[d.month() - 1], d.day(), d.year());
    default: return IsoDay(d);
  }
}

// The value of a DateLine: with a time when the line shows one.
std::string DateLineValue(absl::string_view line, absl::CivilMinute t) {
  if (line.find(':') != absl::string_view::npos) {
    return absl::StrFormat("%04d-%02d-%02dT%02d:%02d", t.year(), t.month(), t.day(), t.hour(), t.minute());
  }
  return IsoDay(absl::CivilDay(t));
}

}  // namespace

ArticleGenerator::ArticleGenerator(const GeneratorOptions& options,
                                   std::shared_ptr<const Tables> tables)
    : options_(options), tables_(std::move(tables)), rng_(options.seed) {}

absl::StatusOr<ArticleGenerator> ArticleGenerator::Create(
    const GeneratorOptions& options) {
  if (!(options.html_fraction >= 0.0 && options.html_fraction <= 1.0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "html_fraction must be within [0, 1], got ", options.html_fraction));
  }
  if (options.last_date < options.first_date) {
    return absl::InvalidArgumentError("last_date is before first_date");
  }
  if (options.target_bytes == 0) {
    return absl::InvalidArgumentError("target_bytes must be positive");
  }
  auto tables = LoadTables(options.gazetteer_dir);
  if (!tables.ok()) return tables.status();
  return ArticleGenerator(options, *std::move(tables));
}

GeneratedArticle ArticleGenerator::Next() {
  Rng rng(rng_);
  const uint64_t index = index_++;
  const int64_t days = options_.last_date - options_.first_date;
  const absl::CivilDay day = options_.first_date + rng.Between(0, days);
  const absl::CivilMinute published(day.year(), day.month(), day.day(),
                                    rng.Between(7, 21), rng.Between(0, 59));
  const Topic topic = static_cast<Topic>(rng.Below(kTopicCount));
  const int t = static_cast<int>(topic);
  Writer writer(*tables_, rng, published);

  GeneratedArticle article;
  article.id = absl::StrCat("gen-", options_.seed, "-", index);
  article.source = rng.Pick(Sources());
  const bool html = rng.Real() < options_.html_fraction;
  article.content_type = html ? "text/html" : "text/plain";

  absl::flat_hash_map<std::string, Fragment> memo;
  writer.SetMemo(&memo);
  Fragment headline;
  writer.Expand(rng.Pick(Headlines()[t]), headline);
  headline.text[0] = absl::ascii_toupper(headline.text[0]);
  writer.ResetMentions();
  article.title = headline.text;

  std::string slug;
  for (char c : headline.text) {
    if (absl::ascii_isalnum(c)) {
      slug.push_back(absl::ascii_tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
    if (slug.size() >= 60) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  article.url = absl::StrFormat("https://%s/en/news/%04d/%02d/%s-%d", article.source,
                                day.year(), day.month(), slug, index);

  // Chrome pieces first, so that the body can fill up to the target size.
  std::vector<Fragment> header, footer;
  std::string date_line;
  const bool show_time = options_.chrome && rng.Chance(0.6);
  if (options_.chrome) {
    date_line = DateLine(rng, published, show_time);
    static constexpr std::array<const char*, 4> kMenus = {
        "Main | A A A | \u049a\u0430\u0437 | \u0420\u0443\u0441 | Eng",
        "Home  News  Society  Health  Economy  Regions",
        "EN | RU | KZ     Search",
        "Main page / News / Healthcare"};
    Fragment menu;
    menu.Add(rng.Pick(kMenus));
    header.push_back(menu);
    if (rng.Chance(0.4)) {  // the site's current-date banner: not the publication date
      const absl::CivilDay today = day + rng.Between(1, 400);
      Fragment banner;
      const std::string s = absl::StrCat(WeekdayName(today), ", ", today.day(), " ",
                                         absl::AsciiStrToLower(kMonths[today.month() - 1]),
                                         " ", today.year());
      banner.Entity("DATE", s, s, IsoDay(today));
      header.push_back(banner);
    }
    Fragment dl;
    if (rng.Chance(0.5)) {
      dl.Add("date ");
      dl.Entity("DATE", date_line, date_line, DateLineValue(date_line, published));
      dl.Add(absl::StrCat(" Photo | ", article.source));
    } else {
      dl.Entity("DATE", date_line, date_line, DateLineValue(date_line, published));
    }
    header.push_back(dl);
    const int repeats = static_cast<int>(rng.Between(1, 3));
    for (int i = 0; i < repeats; ++i) header.push_back(headline);

    // Teasers of other (invented) articles, each with its own date.
    const uint64_t teaser_count = rng.Between(3, 8);
    Fragment list_head;
    static constexpr std::array<const char*, 4> kListHeads = {
        "Related news", "Read also", "Popular", "News Partner"};
    list_head.Add(rng.Pick(kListHeads));
    footer.push_back(list_head);
    for (uint64_t i = 0; i < teaser_count; ++i) {
      const absl::CivilMinute when = published - rng.Between(60, 60 * 24 * 30);
      Writer other(*tables_, rng, when);
      Fragment teaser;
      other.Expand(rng.Pick(Headlines()[rng.Below(kTopicCount)]), teaser);
      teaser.text[0] = absl::ascii_toupper(teaser.text[0]);
      const std::string line = DateLine(rng, when, rng.Chance(0.5));
      teaser.Add(rng.Chance(0.5) ? "\n" : "  ");
      teaser.Entity("DATE", line, line, DateLineValue(line, when));
      footer.push_back(teaser);
    }
    Fragment copyright;
    copyright.Add(absl::StrFormat("\u00a9 %d %s. All rights reserved. When using materials, a hyperlink is required.",
                                  day.year(), article.source));
    footer.push_back(copyright);
    Fragment address;
    address.Add("Address: 010000, ");
    address.Entity("LOCATION", "Astana", "Astana");
    address.Add(absl::StrFormat(", Mangilik El Ave. %d. Phone: +7 (7172) %02d-%02d-%02d",
                                rng.Between(2, 60), rng.Between(10, 99),
                                rng.Between(10, 99), rng.Between(10, 99)));
    footer.push_back(address);
    Fragment top;
    top.Add(rng.Chance(0.5) ? "^ top" : "\u00ab\u00ab | \u00bb\u00bb");
    footer.push_back(top);
  }
  article.published_date =
      show_time ? absl::StrFormat("%04d-%02d-%02dT%02d:%02d", day.year(), day.month(),
                                  day.day(), published.hour(), published.minute())
                : IsoDay(day);

  size_t chrome_bytes = html ? 400 : 0;  // the page skeleton
  for (const Fragment& f : header) chrome_bytes += f.text.size() + 2;
  for (const Fragment& f : footer) chrome_bytes += f.text.size() + 2;

  // Body paragraphs until the target size is reached.
  std::vector<Fragment> paragraphs;
  size_t body_bytes = 0;
  std::vector<const std::string*> pool;
  for (const std::string& s : TopicSentences()[t]) pool.push_back(&s);
  for (const std::string& s : GeneralSentences()) pool.push_back(&s);
  for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.Below(i)]);
  size_t next = 0;
  const size_t target = options_.target_bytes;
  {
    Fragment lead;
    writer.Expand(rng.Pick(Leads()[t]), lead);
    writer.SetMemo(nullptr);
    body_bytes += lead.text.size() + 2;
    paragraphs.push_back(std::move(lead));
  }
  while (chrome_bytes + body_bytes + 120 < target) {
    Fragment paragraph;
    const int sentences = static_cast<int>(rng.Between(1, 3));
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) paragraph.Add(" ");
      if (rng.Chance(0.18)) {
        writer.Expand(rng.Pick(QuoteFrames()), paragraph);
      } else {
        if (next == pool.size()) {
          next = 0;
          for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.Below(i)]);
        }
        writer.Expand(*pool[next++], paragraph);
      }
      if (chrome_bytes + body_bytes + paragraph.text.size() + 120 >= target) break;
    }
    body_bytes += paragraph.text.size() + 2;
    paragraphs.push_back(std::move(paragraph));
  }

  for (const Fragment& f : paragraphs) {
    if (!article.body.empty()) article.body += "\n\n";
    article.body += f.text;
  }

  Fragment out;
  if (!html) {
    auto add_block = [&out](const Fragment& f) {
      if (!out.text.empty()) out.Add("\n\n");
      out.Append(f);
    };
    for (const Fragment& f : header) add_block(f);
    for (const Fragment& f : paragraphs) add_block(f);
    for (const Fragment& f : footer) add_block(f);
    out.Add("\n");
  } else {
    out.Add("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.Append(headline);
    out.Add(absl::StrCat(" | ", article.source, "</title>\n"));
    if (options_.chrome) {
      out.Add(absl::StrFormat(
          "<meta property=\"article:published_time\" content=\"%s\">\n",
          article.published_date));
      out.Add("<style>body{font-family:sans-serif}.menu li{display:inline}</style>\n"
              "<script>window.dataLayer=window.dataLayer||[];</script>\n");
    }
    out.Add("</head>\n<body>\n");
    size_t h = 0;
    if (options_.chrome) {
      out.Add("<header><nav class=\"menu\"><ul><li>");
      out.Append(header[h++]);
      out.Add("</li></ul></nav>\n");
      // Banner (when present) and date line.
      while (h < header.size() && header[h].text != headline.text) {
        out.Add("<div class=\"date\">");
        out.Append(header[h++]);
        out.Add("</div>\n");
      }
      out.Add("</header>\n");
    }
    out.Add("<main>\n<article>\n<h1>");
    out.Append(headline);
    out.Add("</h1>\n");
    for (const Fragment& f : paragraphs) {
      out.Add("<p>");
      out.Append(f);
      out.Add("</p>\n");
    }
    out.Add("</article>\n</main>\n");
    if (options_.chrome) {
      out.Add("<aside class=\"related\"><h3>");
      out.Append(footer[0]);
      out.Add("</h3>\n<ul>\n");
      size_t f = 1;
      for (; f + 3 < footer.size(); ++f) {
        out.Add("<li>");
        out.Append(footer[f]);
        out.Add("</li>\n");
      }
      out.Add("</ul>\n</aside>\n<footer>\n");
      for (; f < footer.size(); ++f) {
        out.Add("<p>");
        out.Append(footer[f]);
        out.Add("</p>\n");
      }
      out.Add("</footer>\n");
    }
    out.Add("</body>\n</html>\n");
  }
  article.text = std::move(out.text);
  article.entities = std::move(out.entities);
  return article;
}

}  // namespace newsgraph
