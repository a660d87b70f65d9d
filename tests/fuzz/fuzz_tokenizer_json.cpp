// libFuzzer target: tokenizer_from_json on arbitrary bytes; when a tokenizer is built, encode a
// fixed multilingual string (with and without special-token parsing), decode the ids, and stream
// them, so regex limits, added-token splitting and BPE merging all run on fuzzed vocabularies.
#include <dsw/tokenizer.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
size_t g_sink = 0;
constexpr std::string_view kText = "Hello, world! 12345 caf\xC3\xA9 e\xCC\x81 \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80\n\t  <s></s> aaaa";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto tok = dsw::tokenizer_from_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (!tok.is_ok()) return 0;
  const dsw::Tokenizer& t = **tok;
  for (bool parse_special : {true, false}) {
    auto ids = t.encode(kText, {.add_special = true, .parse_special = parse_special});
    if (!ids.is_ok()) continue;
    g_sink += t.decode(*ids).size() + t.decode(*ids, {.skip_special = true}).size();
    dsw::StreamDecoder sd(t);
    for (int32_t id : *ids) {
      g_sink += sd.push(id).size() + t.token_text(id).size() + t.is_special(id);
    }
    g_sink += sd.flush().size();
  }
  g_sink += t.decode(std::vector<int32_t>{-1, 0, t.vocab_size(), t.vocab_size() - 1}).size();
  return 0;
}
