// libFuzzer target: a Split pattern and a text, both fuzzed (the input's first line is the
// pattern, the rest the text). A pattern that compiles and passes the load-time self test must
// then split the text — repeated up to 16 KB as well — with exactly the matches of the plain
// search over the whole text (windows and the look-ahead budget may refuse, never differ), and,
// run with -timeout, in time that does not grow faster than the text.
#include "core/error.h"
#include "tokenizer/regex.h"
#include "tokenizer/utf8.h"

#include <dsw/tokenizer.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  if (nl == std::string_view::npos || nl > 200) return 0;
  std::string pattern(in.substr(0, nl));
  std::string text(in.substr(nl + 1));
  if (!dsw::utf8::is_valid(pattern)) return 0;
  if (!dsw::utf8::is_valid(text)) text = dsw::utf8_lossy(text);
  try {
    dsw::Regex r(pattern, "fuzz");
    r.self_test();
    std::vector<std::pair<size_t, size_t>> windowed, plain;
    bool refused = false;
    try {
      r.find_all(text, windowed);
    } catch (const dsw::Error&) {
      refused = true;  // a limit or the budget: allowed, a different answer is not
    }
    if (!refused && text.size() < 4096) {
      r.find_all_reference(text, plain);
      if (windowed != plain) std::abort();
    }
    if (!text.empty() && text.size() < 256) {
      std::string big;
      while (big.size() < 16 * 1024) big += text;
      windowed.clear();
      try {
        r.find_all(big, windowed);
      } catch (const dsw::Error&) {
      }
    }
  } catch (const dsw::Error&) {
    // does not compile, or refused by the self test
  }
  return 0;
}
