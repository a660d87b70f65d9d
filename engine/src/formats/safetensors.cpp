// load_safetensors: maps one .safetensors file and adds its tensors to a TensorStore.
//
// Tensors are zero-copy views into the read-only mapping; each holds a shared_ptr to the
// MappedFile, so the weights stay mapped as long as any view lives. Writing through a view's
// data pointer faults (the mapping is PROT_READ). The one exception is a file whose data buffer is
// not aligned for its element types (the reference writer pads the header to 8 bytes, but nothing
// forces other writers to): those tensors are copied into aligned host memory, because reading a
// float through a misaligned pointer is undefined behaviour. Safe to call from any thread.
#include <dsw/safetensors.h>

#include <dsw/log.h>

#include "core/error.h"
#include "core/mapped_file.h"
#include "formats/safetensors_internal.h"

#include <cstring>

namespace dsw {

std::vector<TensorEntry> make_safetensors_entries(const std::shared_ptr<MappedFile>& file,
                                                  const SafetensorsHeader& header, const std::string& label) {
  std::vector<TensorEntry> entries;
  entries.reserve(header.tensors.size());
  uint64_t copied = 0;
  for (const auto& t : header.tensors) {
    TensorEntry e;
    e.name = t.name;
    e.stored_name = t.name;
    e.dtype_name = t.dtype_name;
    e.dtype = t.dtype;
    e.shape = t.shape;
    e.nbytes = t.end - t.begin;
    e.file = label;
    if (t.dtype) {
      // parse_safetensors proved data_offset + end <= file size.
      const uint8_t* p = file->data() + header.data_offset + t.begin;
      const DTypeInfo& info = dtype_info(*t.dtype);
      if (reinterpret_cast<uintptr_t>(p) % info.block_bytes == 0) {
        e.tensor = Tensor(*t.dtype, t.shape, const_cast<uint8_t*>(p), Device{}, file);
      } else {
        e.tensor = Tensor::host(*t.dtype, t.shape);
        if (e.nbytes) std::memcpy(e.tensor.data(), p, e.nbytes);
        copied += e.nbytes;
      }
    }
    entries.push_back(std::move(e));
  }
  if (copied)
    log_message(LogLevel::warn, label + ": the data buffer is not aligned for its element types; copied " +
                                    std::to_string(copied) + " bytes into aligned memory instead of mapping them");
  return entries;
}

void add_entries_to_store(std::vector<TensorEntry> entries, TensorStore& store) {
  for (const auto& e : entries)
    if (store.contains(e.name))
      fail_invalid(e.file + ": tensor " + quote_for_message(e.name) + " is already loaded from another file");
  for (auto& e : entries) store.add(std::move(e));
}

Status load_safetensors(const std::filesystem::path& path, TensorStore& store, const SafetensorsLimits& limits) {
  return guard([&] {
    auto file = MappedFile::open(path);
    std::string label = path.filename().string();
    SafetensorsHeader header = unwrap(parse_safetensors(file->bytes(), label, limits));
    add_entries_to_store(make_safetensors_entries(file, header, label), store);
  });
}

}  // namespace dsw
