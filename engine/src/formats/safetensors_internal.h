// Pieces shared by the safetensors header parser, the single-file loader and the sharded loader.
// Private to engine/src/formats.
#pragma once

#include <dsw/safetensors.h>

#include "core/mapped_file.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

// One dtype string of the safetensors spec (formats.md §1.2).
struct SafetensorsDType {
  std::string_view name;     // "BF16", "F8_E4M3", ...
  uint32_t bits;             // element size in bits (4 and 6 for the sub-byte types)
  std::optional<DType> dtype;  // the engine's type, or empty when it cannot compute with it
};

// The spec's entry for `name` (case-sensitive, as the reference reader), or nullptr.
const SafetensorsDType* find_safetensors_dtype(std::string_view name) noexcept;

// `s` for a message: control bytes (and, with ascii_only, every byte >= 0x80) escaped as \xHH,
// cut after max_bytes. escape_for_message leaves out the quotes.
std::string escape_for_message(std::string_view s, bool ascii_only, size_t max_bytes);

// `s` in single quotes for a message: control bytes (and, with ascii_only, every byte >= 0x80)
// escaped as \xHH, and cut after a fixed length so a hostile megabyte-long name cannot flood a log.
std::string quote_for_message(std::string_view s, bool ascii_only = false, size_t max_bytes = 160);

// The store entries for the tensors of one parsed, mapped file: zero-copy views into `file` that
// keep the mapping alive. `label` becomes TensorEntry::file and prefixes messages.
std::vector<TensorEntry> make_safetensors_entries(const std::shared_ptr<MappedFile>& file,
                                                  const SafetensorsHeader& header, const std::string& label);

// Adds all entries or none: a name the store already holds is refused before anything is added.
void add_entries_to_store(std::vector<TensorEntry> entries, TensorStore& store);

}  // namespace dsw
