// Every citation of the reference pages resolves inside the repository (docs/reference/README.md):
// "<page>.md §N[.M]" needs docs/reference/<page>.md with a heading numbered N[.M], and
// "<page>.md case N" a table row numbered N. The scan covers engine/, app/, kernels/, widgets/,
// tests/ and docs/, so a comment can never point at material that is not in the tree.
//
// Grammar, applied to the text after a page name up to the end of its sentence (a newline,
// ". ", ')', ';', '`', or the next page name; a following line that starts with § after its
// comment marker continues the sentence):
//   §4.3  §4.3–§4.4  §1-§6  §2.6, §2.8  case 23  cases 10–22  cases 8, 14 and 25  case 8/25
// A bare page name resolves to docs/reference/, or to the citing file's own folder under docs/;
// a path names a file relative to the repository root. Citing the copy of the reference pages
// that lives outside the repository (.../shared/docs/reference/) is an error.
#include "check.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSection = "\xC2\xA7";  // §
constexpr std::string_view kEnDash = "\xE2\x80\x93";  // –
constexpr uintmax_t kMaxScannedBytes = 2u << 20;

struct Citation {
  int line = 0;
  std::string token;                  // what precedes ".md": "formats", "docs/reference/formats", ...
  std::vector<std::string> sections;  // "2.6", "4"
  std::vector<int> cases;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_token_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.' || c == '/';
}

// "4.3." -> "4.3" (digits and dots, trailing dots dropped); empty when s does not start with a digit.
std::string read_number(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])))) ++i;
  return std::string(s.substr(start, i - start));
}

void skip_spaces(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

bool starts(std::string_view s, size_t i, std::string_view what) { return s.substr(i, what.size()) == what; }

// Start of the page token whose ".md" begins at `dot`, or npos when no token precedes it.
size_t token_start(std::string_view text, size_t dot) {
  size_t b = dot;
  while (b > 0 && is_token_char(text[b - 1])) --b;
  while (b < dot && (text[b] == '.' || text[b] == '-') && !starts(text, b, "../")) ++b;  // "...formats" -> "formats"
  return b < dot ? b : std::string_view::npos;
}

// Text after a comment marker: "  // §3.3" -> "§3.3".
std::string_view strip_comment(std::string_view line) {
  size_t i = 0;
  skip_spaces(line, i);
  for (std::string_view m : {"///", "//", "#", "*", "--"})
    if (starts(line, i, m)) {
      i += m.size();
      break;
    }
  skip_spaces(line, i);
  return line.substr(i);
}

// Sections and cases in one sentence segment.
void parse_segment(std::string_view seg, Citation& c) {
  size_t i = 0;
  while (i < seg.size()) {
    if (starts(seg, i, kSection)) {
      i += kSection.size();
      skip_spaces(seg, i);
      std::string n = read_number(seg, i);
      if (n.empty()) continue;
      c.sections.push_back(n);
      // A range written without a second §: "§1–5".
      size_t j = i;
      if (starts(seg, j, kEnDash)) j += kEnDash.size();
      else if (j < seg.size() && seg[j] == '-') ++j;
      else continue;
      if (j < seg.size() && is_digit(seg[j])) {
        std::string m = read_number(seg, j);
        c.sections.push_back(m);
        i = j;
      }
      continue;
    }
    bool word_start = i == 0 || !is_token_char(seg[i - 1]);
    size_t kw = 0;
    if (word_start && (starts(seg, i, "cases ") || starts(seg, i, "classes "))) kw = seg[i] == 'c' && seg[i + 1] == 'a' ? 6 : 8;
    else if (word_start && (starts(seg, i, "case ") || starts(seg, i, "class "))) kw = seg[i + 1] == 'a' ? 5 : 6;
    if (!kw) {
      ++i;
      continue;
    }
    i += kw;
    // numbers joined by ',', '/', '-', '–' or "and"; a dash makes a range.
    int previous = -1;
    bool range = false;
    while (i < seg.size()) {
      skip_spaces(seg, i);
      if (i < seg.size() && is_digit(seg[i])) {
        std::string n = read_number(seg, i);
        int v = std::atoi(n.c_str());
        if (range && previous >= 0 && v >= previous && v - previous <= 100) {
          for (int k = previous + 1; k <= v; ++k) c.cases.push_back(k);
        } else {
          c.cases.push_back(v);
        }
        previous = v;
        range = false;
        continue;
      }
      if (i < seg.size() && (seg[i] == ',' || seg[i] == '/')) { ++i; continue; }
      if (i < seg.size() && seg[i] == '-') { ++i; range = true; continue; }
      if (starts(seg, i, kEnDash)) { i += kEnDash.size(); range = true; continue; }
      if (starts(seg, i, "and ")) { i += 4; continue; }
      break;
    }
  }
}

// Finds every citation in `text`.
std::vector<Citation> find_citations(std::string_view text) {
  std::vector<Citation> out;
  size_t pos = 0;
  while ((pos = text.find(".md", pos)) != std::string_view::npos) {
    size_t dot = pos;
    pos += 3;
    if (pos < text.size() && is_token_char(text[pos]) && text[pos] != '.' && text[pos] != '/') continue;  // ".mdx"
    size_t b = token_start(text, dot);
    if (b == std::string_view::npos) continue;
    Citation c;
    c.token = std::string(text.substr(b, dot - b));
    c.line = 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(b), '\n'));

    // The sentence after the page name, possibly continued on following lines that start with §.
    std::string seg;
    size_t i = pos;
    for (;;) {
      size_t end = i;
      while (end < text.size()) {
        char ch = text[end];
        if (ch == '\n' || ch == ')' || ch == ';' || ch == '`') break;
        if (ch == '.' && (end + 1 == text.size() || text[end + 1] == ' ' || text[end + 1] == '\n')) break;
        if (starts(text, end, ".md") && token_start(text, end) != std::string_view::npos) {
          end = token_start(text, end);
          break;
        }
        ++end;
      }
      seg.append(text.substr(i, end - i));
      if (end >= text.size() || text[end] != '\n') break;
      size_t next_end = text.find('\n', end + 1);
      std::string_view next = text.substr(end + 1, next_end == std::string_view::npos ? std::string_view::npos : next_end - end - 1);
      std::string_view rest = strip_comment(next);
      if (!starts(rest, 0, kSection)) break;
      seg.push_back(' ');
      i = end + 1 + size_t(rest.data() - next.data());
    }
    parse_segment(seg, c);
    out.push_back(std::move(c));
  }
  return out;
}

struct Page {
  bool exists = false;
  std::set<std::string> headings;
  std::set<int> rows;
};

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

const Page& load_page(std::map<fs::path, Page>& cache, const fs::path& path) {
  auto it = cache.find(path);
  if (it != cache.end()) return it->second;
  Page p;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    p.exists = true;
    std::istringstream in(read_file(path));
    std::string line;
    while (std::getline(in, line)) {
      size_t i = 0;
      if (starts(line, 0, "#")) {
        while (i < line.size() && line[i] == '#') ++i;
        skip_spaces(line, i);
        if (starts(line, i, kSection)) i += kSection.size();
        std::string n = read_number(line, i);
        if (!n.empty()) p.headings.insert(n);
      } else if (starts(line, 0, "|")) {
        i = 1;
        skip_spaces(line, i);
        std::string n = read_number(line, i);
        skip_spaces(line, i);
        if (!n.empty() && n.find('.') == std::string::npos && i < line.size() && line[i] == '|') p.rows.insert(std::atoi(n.c_str()));
      }
    }
  }
  return cache.emplace(path, std::move(p)).first->second;
}

// Problems with the citations in `text` of file `citing` (relative to `root`), one line each.
std::vector<std::string> check_text(const fs::path& root, const fs::path& citing, std::string_view text,
                                    std::map<fs::path, Page>& cache, int& checked) {
  std::vector<std::string> problems;
  const fs::path ref_dir = root / "docs" / "reference";
  for (const Citation& c : find_citations(text)) {
    const std::string where = citing.generic_string() + ":" + std::to_string(c.line) + ": ";
    const bool path_form = c.token.find('/') != std::string::npos;
    if (c.token.find("shared/docs/reference/") != std::string::npos) {
      problems.push_back(where + "cites " + c.token + ".md outside the repository; cite docs/reference/ instead");
      continue;
    }
    const bool in_reference = c.token.rfind("docs/reference/", 0) == 0;
    if (!in_reference && c.sections.empty() && c.cases.empty()) continue;  // a mention, not a citation
    fs::path page;
    if (path_form) {
      page = root / (c.token + ".md");
      const fs::path beside = (root / citing).parent_path() / (c.token + ".md");
      if (!fs::exists(page) && fs::exists(beside)) page = beside;
    } else {
      page = ref_dir / (c.token + ".md");
      const fs::path beside = (root / citing).parent_path() / (c.token + ".md");
      if (!fs::exists(page) && citing.generic_string().rfind("docs/", 0) == 0 && fs::exists(beside)) page = beside;
    }
    const Page& p = load_page(cache, page);
    const std::string shown = fs::relative(page, root).generic_string();
    ++checked;
    if (std::getenv("DSW_CITATIONS_VERBOSE")) {  // lists what the scanner understood
      std::string what;
      for (const auto& s : c.sections) what += " \xC2\xA7" + s;
      for (int k : c.cases) what += " case " + std::to_string(k);
      std::printf("%s%s%s\n", where.c_str(), shown.c_str(), what.c_str());
    }
    if (!p.exists) {
      problems.push_back(where + "cites " + c.token + ".md, but " + shown + " does not exist");
      continue;
    }
    for (const std::string& s : c.sections)
      if (!p.headings.count(s)) problems.push_back(where + "cites " + c.token + ".md \xC2\xA7" + s + ", but " + shown + " has no heading numbered " + s);
    for (int k : c.cases)
      if (!p.rows.count(k)) problems.push_back(where + "cites " + c.token + ".md case " + std::to_string(k) + ", but " + shown + " has no table row " + std::to_string(k));
  }
  return problems;
}

bool scanned_extension(const fs::path& p) {
  static const std::set<std::string> kExt = {".cpp", ".h", ".hpp", ".cc", ".cu", ".cuh", ".inc", ".py",
                                             ".sh", ".cmake", ".txt", ".md", ".tsv", ".ui", ".qml"};
  return kExt.count(p.extension().string()) > 0;
}

void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}

}  // namespace

// The parser reads every citation form the sources use. (Page names are assembled at run time so
// that this file itself holds no citation.)
DSW_TEST(parses_citation_forms) {
  const std::string md = ".md";
  const std::string sec = "\xC2\xA7";
  std::string text = "// see archi" + md + " " + sec + "4.3" + kEnDash.data() + sec + "4.4 and more.\n" +
                     "x (docs/reference/fmt" + md + " " + sec + "1.2,\n// " + sec + "3.3, " + sec + "5.2) y\n" +
                     "rel" + md + " " + sec + "1" + kEnDash.data() + sec + "5, cases 10" + kEnDash.data() + "12): z\n" +
                     "# rel" + md + " cases 1-3 and 23. Not 7.\n" +
                     "rel" + md + " case 8/25 and tok" + md + " " + sec + "1-" + sec + "6\n" +
                     "plain mention of notes" + md + " only\n";
  auto cs = find_citations(text);
  REQUIRE(cs.size() == 7);
  CHECK(cs[0].token == "archi");
  CHECK((cs[0].sections == std::vector<std::string>{"4.3", "4.4"}));
  CHECK(cs[1].token == "docs/reference/fmt");
  CHECK((cs[1].sections == std::vector<std::string>{"1.2", "3.3", "5.2"}));
  CHECK_EQ(cs[1].line, 2);
  CHECK((cs[2].sections == std::vector<std::string>{"1", "5"}));
  CHECK((cs[2].cases == std::vector<int>{10, 11, 12}));
  CHECK((cs[3].cases == std::vector<int>{1, 2, 3, 23}));
  CHECK(cs[3].sections.empty());
  CHECK((cs[4].cases == std::vector<int>{8, 25}));
  CHECK(cs[4].token == "rel");
  CHECK(cs[5].token == "tok");
  CHECK((cs[5].sections == std::vector<std::string>{"1", "6"}));
  CHECK(cs[6].token == "notes");
  CHECK((cs[6].sections.empty() && cs[6].cases.empty()));
}

// Made-up citations fail: a missing page, a missing section, a missing case row, the external copy.
DSW_TEST(rejects_made_up_citations) {
  const fs::path root = dsw::test::temp_dir();
  write(root / "docs" / "reference" / "alpha.md",
        "# Alpha\n\n## 1. One\n### 1.2 One two\n## 3. Three\n\n| # | case |\n|---|---|\n| 3 | x |\n| 4 | y |\n");
  const std::string md = ".md";
  const std::string sec = "\xC2\xA7";
  auto problems_in = [&](const std::string& text) {
    std::map<fs::path, Page> cache;
    int checked = 0;
    return check_text(root, "engine/src/x.cpp", text, cache, checked);
  };
  CHECK(problems_in("// alpha" + md + " " + sec + "1.2, " + sec + "3 and alpha" + md + " cases 3-4\n").empty());
  CHECK(problems_in("// docs/reference/alpha" + md + " " + sec + "1\n").empty());
  CHECK_EQ(problems_in("// alpha" + md + " " + sec + "1.3\n").size(), size_t(1));
  CHECK_EQ(problems_in("// alpha" + md + " " + sec + "2\n").size(), size_t(1));
  CHECK_EQ(problems_in("// beta" + md + " " + sec + "1\n").size(), size_t(1));
  CHECK_EQ(problems_in("// docs/reference/beta" + md + "\n").size(), size_t(1));
  CHECK_EQ(problems_in("// alpha" + md + " case 5\n").size(), size_t(1));
  CHECK_EQ(problems_in("// alpha" + md + " cases 3" + kEnDash.data() + "6\n").size(), size_t(2));
  CHECK_EQ(problems_in("see ../shared/docs/reference/alpha" + md + "\n").size(), size_t(1));
  auto p = problems_in("\n\n// alpha" + md + " " + sec + "9.9\n");
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("engine/src/x.cpp:3: ") == 0);
  CHECK(p[0].find("no heading numbered 9.9") != std::string::npos);
}

// The tree: every citation in the sources and docs resolves.
DSW_TEST(every_citation_in_the_tree_resolves) {
  const fs::path root = dsw::test::source_dir();
  if (!fs::is_directory(root / "engine" / "src")) SKIP("not run from the source tree and DSW_SOURCE_DIR is not set");
  std::map<fs::path, Page> cache;
  int checked = 0, files = 0;
  std::vector<std::string> problems;
  for (const char* top : {"engine", "app", "kernels", "widgets", "tests", "docs"}) {
    std::error_code ec;
    if (!fs::is_directory(root / top, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root / top, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec) || !scanned_extension(it->path()) || it->file_size(ec) > kMaxScannedBytes) continue;
      ++files;
      const std::string text = read_file(it->path());
      auto found = check_text(root, fs::relative(it->path(), root), text, cache, checked);
      problems.insert(problems.end(), found.begin(), found.end());
    }
  }
  for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
  std::printf("%d files scanned, %d citations checked, %zu unresolved\n", files, checked, problems.size());
  CHECK(problems.empty());
  // The engine cites these pages dozens of times; a scan that finds few has stopped working.
  CHECK(checked >= 40);
}
