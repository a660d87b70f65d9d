// read_text_input: the public face of core/input_file.h for user-named text files.
#include <dsw/text_input.h>

#include "core/error.h"
#include "core/input_file.h"

namespace dsw {

Result<std::string> read_text_input(const std::filesystem::path& path) {
  return guard([&] { return read_input_file(path, InputKind::text); });
}

}  // namespace dsw
