// Text files a user names on a command line or in a dialog (a prompt, an evaluation text), read
// the engine's one way: the path must be a regular file (a FIFO or a device is refused by type
// instead of blocking the reader) and the size is capped by the engine's table of input limits.
#pragma once

#include <dsw/status.h>

#include <filesystem>
#include <string>

namespace dsw {

// The whole file. Errors: io (missing, unreadable, not a regular file — saying what it is),
// invalid_input (larger than the limit for text); messages name the path.
Result<std::string> read_text_input(const std::filesystem::path& path);

}  // namespace dsw
