// The YAML subset reader (yaml_subset.h). Line-based recursive descent: a block collection is the
// run of lines at one indentation; "- " items are rewritten in place as their content at the
// column after the dash, so "- key: v" and "- - a" fall out of the same two functions.
#include "core/yaml_subset.h"

#include "core/error.h"

#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace dsw {
namespace {

using nlohmann::json;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Byte offset of the first invalid UTF-8 sequence, or npos.
size_t invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (n < 0 || i + n >= s.size() + (n == 0 ? 1 : 0)) return i;
    uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct Line {
  int number = 0;  // 1-based, for messages
  int indent = 0;  // leading spaces
  std::string text;  // after the indentation
  bool blank = false;  // empty or a comment
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view name, const YamlLimits& limits) : name_(name), limits_(limits) {
    split(text);
  }

  json document() {
    json v = parse_node(0, 0);  // blank and comment lines were dropped by split()
    if (pos_ < lines_.size()) fail_at(cur().number, "unexpected indentation");
    return v;
  }

 private:
  [[noreturn]] void fail_at(int line, const std::string& what) const {
    fail_invalid(name_ + ":" + std::to_string(line) + ": " + what);
  }

  void split(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int number = 0;
    bool seen_content = false;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view raw = text.substr(start, end - start);
      start = end + 1;
      ++number;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      if (raw.find('\0') != std::string_view::npos) fail_at(number, "NUL byte");
      if (size_t bad = invalid_utf8_at(raw); bad != std::string_view::npos)
        fail_at(number, "invalid UTF-8 at column " + std::to_string(bad + 1));
      Line l;
      l.number = number;
      size_t i = 0;
      while (i < raw.size() && raw[i] == ' ') ++i;
      size_t j = i;
      while (j < raw.size() && is_blank(raw[j])) ++j;
      l.blank = j == raw.size() || raw[j] == '#';
      if (!l.blank && j != i) fail_at(number, "a tab in indentation (indent with spaces)");
      l.indent = static_cast<int>(i);
      l.text = std::string(raw.substr(i));
      while (!l.text.empty() && is_blank(l.text.back())) l.text.pop_back();
      if (!l.blank && l.indent == 0) {
        if (l.text[0] == '%') fail_at(number, "directives (%...) are not supported");
        if (marker(l.text, "...")) fail_at(number, "a document end marker (...) is not supported: a config is one document");
        if (marker(l.text, "---")) {
          if (seen_content) fail_at(number, "multiple documents (---) are not supported: a config is one document");
          if (!only_comment_after(l.text, 3)) fail_at(number, "content after '---' is not supported: start it on the next line");
          l.blank = true;
        }
      }
      if (!l.blank) seen_content = true;
      if (!l.blank) lines_.push_back(std::move(l));
      if (end == text.size()) break;
    }
  }

  static bool marker(const std::string& t, const char* m) {
    return t.compare(0, 3, m) == 0 && (t.size() == 3 || is_blank(t[3]));
  }
  static bool only_comment_after(const std::string& t, size_t i) {
    while (i < t.size() && is_blank(t[i])) ++i;
    return i == t.size() || t[i] == '#';
  }
  static bool is_seq_item(const std::string& t) { return t[0] == '-' && (t.size() == 1 || is_blank(t[1])); }

  Line& cur() { return lines_[pos_]; }
  bool at_end() const { return pos_ >= lines_.size(); }

  void enter(int depth, int line) const {
    if (depth > limits_.max_depth) fail_at(line, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }

  // A value on the following lines, indented at least `min_indent`; null when there is none.
  json parse_node(int min_indent, int depth) {
    if (at_end() || cur().indent < min_indent) return nullptr;
    Line& l = cur();
    enter(depth, l.number);
    if (is_seq_item(l.text)) return parse_seq(l.indent, depth);
    if (key_colon(l.text, l.number) != std::string::npos) return parse_map(l.indent, depth);
    // A lone scalar or flow sequence on its own line.
    size_t p = 0;
    json v = parse_inline(l.text, p, l.number, depth, false);
    ++pos_;
    no_deeper_line(l.indent, l.number);
    return v;
  }

  void no_deeper_line(int indent, int line) {
    if (!at_end() && cur().indent > indent)
      fail_at(cur().number, "unexpected indentation (a value continued from line " + std::to_string(line) +
                                "? multi-line scalars are not supported: write it on one line, quoted)");
  }

  json parse_seq(int n, int depth) {
    json arr = json::array();
    while (!at_end() && cur().indent == n && is_seq_item(cur().text)) {
      Line& l = cur();
      size_t off = 1;
      while (off < l.text.size() && is_blank(l.text[off])) ++off;
      if (l.text.find('\t', 1) < off) fail_at(l.number, "a tab after '-' (use spaces)");
      if (only_comment_after(l.text, off)) {
        ++pos_;
        arr.push_back(parse_node(n + 1, depth + 1));
      } else {
        // The item's content becomes a line of its own at the column after "- ".
        l.text.erase(0, off);
        l.indent = n + static_cast<int>(off);
        arr.push_back(parse_node(n + 1, depth + 1));
      }
    }
    if (!at_end() && cur().indent > n) fail_at(cur().number, "unexpected indentation in a sequence");
    return arr;
  }

  json parse_map(int n, int depth) {
    json obj = json::object();
    std::map<std::string, int> first_line;
    while (!at_end() && cur().indent == n) {
      Line& l = cur();
      const int number = l.number;
      if (is_seq_item(l.text)) fail_at(number, "a sequence item where a mapping key was expected");
      size_t colon = key_colon(l.text, number);
      if (colon == std::string::npos) fail_at(number, "expected 'key: value'");
      std::string key = parse_key(l.text.substr(0, colon), number);
      if (auto it = first_line.find(key); it != first_line.end())
        fail_at(number, "duplicate key '" + key + "' (first at line " + std::to_string(it->second) + ")");
      first_line[key] = number;
      size_t p = colon + 1;
      json value;
      if (only_comment_after(l.text, p)) {
        ++pos_;
        if (!at_end() && cur().indent == n && is_seq_item(cur().text)) {
          enter(depth + 1, cur().number);
          value = parse_seq(n, depth + 1);  // "key:" with its items at the key's own indentation
        } else {
          value = parse_node(n + 1, depth + 1);
        }
      } else {
        while (p < l.text.size() && is_blank(l.text[p])) ++p;
        if (is_seq_item(l.text.substr(p))) fail_at(number, "a sequence item cannot follow 'key:' on the same line");
        value = parse_inline(l.text, p, number, depth + 1, false);
        ++pos_;
        no_deeper_line(n, number);
      }
      obj[key] = std::move(value);
    }
    if (!at_end() && cur().indent > n) fail_at(cur().number, "unexpected indentation in a mapping");
    return obj;
  }

  // Position of the ':' ending a mapping key at the start of `t`, or npos when `t` is no key.
  size_t key_colon(const std::string& t, int line) const {
    size_t i = 0;
    if (t[0] == '"' || t[0] == '\'') {
      std::string ignored;
      i = scan_quoted(t, 0, line, ignored);
      while (i < t.size() && is_blank(t[i])) ++i;
      return i < t.size() && t[i] == ':' && (i + 1 == t.size() || is_blank(t[i + 1])) ? i : std::string::npos;
    }
    if (t[0] == '[' || t[0] == '{') return std::string::npos;
    for (; i < t.size(); ++i) {
      if (t[i] == '#' && i > 0 && is_blank(t[i - 1])) break;
      if (t[i] == ':' && (i + 1 == t.size() || is_blank(t[i + 1]))) return i;
    }
    return std::string::npos;
  }

  std::string parse_key(const std::string& k, int line) const {
    std::string key = k;
    while (!key.empty() && is_blank(key.back())) key.pop_back();
    if (key.empty()) fail_at(line, "an empty mapping key");
    if (key[0] == '"' || key[0] == '\'') {
      std::string out;
      scan_quoted(key, 0, line, out);
      return out;
    }
    refuse_indicator(key, 0, line);
    if (key == "<<") fail_at(line, "merge keys (<<) are not supported");
    return key;
  }

  // Refuses the YAML features outside the subset that a value or key can start with.
  void refuse_indicator(const std::string& t, size_t p, int line) const {
    const char c = t[p];
    const bool spaced = p + 1 == t.size() || is_blank(t[p + 1]);
    switch (c) {
      case '&': fail_at(line, "anchors (&name) are not supported");
      case '*': fail_at(line, "aliases (*name) are not supported");
      case '!': fail_at(line, "tags (!tag) are not supported");
      case '|':
      case '>': fail_at(line, "block scalars (| or >) are not supported: write the value on one line, quoted");
      case '{': fail_at(line, "flow mappings ({...}) are not supported: write a block mapping");
      case '%':
      case '@':
      case '`': fail_at(line, std::string("a plain value cannot start with '") + c + "': quote it");
      case ',':
      case ']':
      case '}': fail_at(line, std::string("a plain value cannot start with '") + c + "': quote it");
      case '?':
        if (spaced) fail_at(line, "complex keys (? key) are not supported");
        break;
      case '-':
        if (spaced) fail_at(line, "a block sequence item ('- ') inside a flow sequence or after a key on one line");
        break;
      case ':':
        if (spaced) fail_at(line, "an empty mapping key");
        break;
      default: break;
    }
  }

  // One value starting at t[p]: a flow sequence, a quoted or a plain scalar. In flow context it
  // ends before ',' or ']'; otherwise only a comment may follow it on the line.
  json parse_inline(const std::string& t, size_t& p, int line, int depth, bool flow) {
    json v;
    if (t[p] == '[') {
      enter(depth, line);
      v = parse_flow_seq(t, p, line, depth);
    } else if (t[p] == '"' || t[p] == '\'') {
      std::string s;
      p = scan_quoted(t, p, line, s);
      v = std::move(s);
    } else {
      refuse_indicator(t, p, line);
      size_t start = p;
      for (; p < t.size(); ++p) {
        const char c = t[p];
        if (c == '#' && is_blank(t[p - 1])) break;
        if (c == ':' && (p + 1 == t.size() || is_blank(t[p + 1]) || (flow && (t[p + 1] == ',' || t[p + 1] == ']'))))
          fail_at(line, flow ? "flow mappings (key: value inside [...]) are not supported"
                             : "a mapping inside a value: nested mappings go on their own lines (quote the value if ':' belongs to it)");
        if (flow && (c == ',' || c == ']')) break;
        if (flow && (c == '[' || c == '{' || c == '}')) fail_at(line, std::string("'") + c + "' inside a plain value in a flow sequence: quote it");
      }
      std::string s = t.substr(start, p - start);
      while (!s.empty() && is_blank(s.back())) s.pop_back();
      v = resolve_plain(s, line);
    }
    if (!flow) {
      if (!only_comment_after(t, p)) fail_at(line, "unexpected text after the value: '" + t.substr(p) + "'");
      p = t.size();
    }
    return v;
  }

  json parse_flow_seq(const std::string& t, size_t& p, int line, int depth) {
    json arr = json::array();
    ++p;  // '['
    for (;;) {
      while (p < t.size() && is_blank(t[p])) ++p;
      if (p == t.size() || t[p] == '#') fail_at(line, "a flow sequence must close on the line it opens");
      if (t[p] == ']') break;
      if (t[p] == ',') fail_at(line, "an empty item in a flow sequence");
      arr.push_back(parse_inline(t, p, line, depth + 1, true));
      while (p < t.size() && is_blank(t[p])) ++p;
      if (p < t.size() && t[p] == ',') {
        ++p;
        continue;
      }
      if (p < t.size() && t[p] == ']') break;
      if (p == t.size() || t[p] == '#') fail_at(line, "a flow sequence must close on the line it opens");
      fail_at(line, std::string("expected ',' or ']' in a flow sequence, found '") + t[p] + "'");
    }
    ++p;  // ']'
    return arr;
  }

  // Reads the quoted scalar starting at t[p] into `out`; returns the index after its closing quote.
  size_t scan_quoted(const std::string& t, size_t p, int line, std::string& out) const {
    const char q = t[p++];
    for (;;) {
      if (p >= t.size()) fail_at(line, "a quoted value must close on the line it opens");
      char c = t[p++];
      if (c == q) {
        if (q == '\'' && p < t.size() && t[p] == '\'') {
          out += '\'';
          ++p;
          continue;
        }
        return p;
      }
      if (q == '"' && c == '\\') p = escape(t, p, line, out);
      else out += c;
    }
  }

  size_t escape(const std::string& t, size_t p, int line, std::string& out) const {
    if (p >= t.size()) fail_at(line, "a quoted value must close on the line it opens");
    const char e = t[p++];
    int hex = 0;
    switch (e) {
      case 'n': out += '\n'; return p;
      case 't': case '\t': out += '\t'; return p;
      case 'r': out += '\r'; return p;
      case 'b': out += '\b'; return p;
      case 'f': out += '\f'; return p;
      case 'v': out += '\v'; return p;
      case 'a': out += '\a'; return p;
      case 'e': out += '\x1b'; return p;
      case ' ': case '"': case '/': case '\\': out += e; return p;
      case 'N': append_utf8(out, 0x85); return p;
      case '_': append_utf8(out, 0xA0); return p;
      case 'L': append_utf8(out, 0x2028); return p;
      case 'P': append_utf8(out, 0x2029); return p;
      case 'x': hex = 2; break;
      case 'u': hex = 4; break;
      case 'U': hex = 8; break;
      case '0': fail_at(line, "a NUL character (\\0) in a quoted value");
      default: fail_at(line, std::string("unknown escape '\\") + e + "' in a double-quoted value");
    }
    uint32_t cp = 0;
    for (int k = 0; k < hex; ++k, ++p) {
      const char h = p < t.size() ? t[p] : '\0';
      const int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
      if (d < 0) fail_at(line, std::string("escape '\\") + e + "' needs " + std::to_string(hex) + " hex digits");
      cp = cp * 16 + static_cast<uint32_t>(d);
    }
    if (cp == 0) fail_at(line, "a NUL character (\\" + std::string(1, e) + "0...) in a quoted value");
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      fail_at(line, "escape '\\" + std::string(1, e) + "' names no valid character");
    append_utf8(out, cp);
    return p;
  }

  // YAML 1.2 core schema, with the spellings other readers disagree on refused.
  json resolve_plain(const std::string& s, int line) const {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    for (const char* b : {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"})
      if (s == b) fail_at(line, "'" + s + "' is a boolean to some YAML readers and a string to others: write true or false, or quote it");
    std::string_view v = s;
    const bool neg = v[0] == '-';
    if (v[0] == '+' || v[0] == '-') v.remove_prefix(1);
    if (v == ".inf" || v == ".Inf" || v == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
      fail_at(line, "'" + s + "': infinities and NaN have no JSON value");
    if (v.size() > 1 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o' || v[1] == 'X' || v[1] == 'O'))
      fail_at(line, "'" + s + "': hexadecimal and octal numbers are not supported");
    if (v.empty()) return s;
    size_t i = 0, digits = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i, ++digits;
    if (i == v.size()) {  // an integer: unsigned when non-negative, as the JSON reader gives it
      if (neg) {
        int64_t x = 0;
        auto r = std::from_chars(s.data(), s.data() + s.size(), x);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size()) fail_at(line, "'" + s + "': integer out of range");
        return x;
      }
      uint64_t x = 0;
      auto r = std::from_chars(v.data(), v.data() + v.size(), x);
      if (r.ec != std::errc() || r.ptr != v.data() + v.size()) fail_at(line, "'" + s + "': integer out of range");
      return x;
    }
    if (i < v.size() && v[i] == '.') {
      ++i;
      while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return s;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
      size_t j = i + 1;
      if (j < v.size() && (v[j] == '+' || v[j] == '-')) ++j;
      size_t k = j;
      while (k < v.size() && v[k] >= '0' && v[k] <= '9') ++k;
      if (k == j) return s;
      i = k;
    }
    if (i != v.size()) return s;
    double x = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), x);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(x)) fail_at(line, "'" + s + "': number out of range");
    return neg ? -x : x;
  }

  std::string name_;
  YamlLimits limits_;
  std::vector<Line> lines_;
  size_t pos_ = 0;
};

}  // namespace

json parse_yaml_subset(std::string_view text, std::string_view name, const YamlLimits& limits) {
  return Parser(text, name, limits).document();
}

}  // namespace dsw
