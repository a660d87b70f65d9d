// TensorStore: named entries with a hash index.
#include <dsw/tensor_store.h>

#include "core/error.h"

namespace dsw {

void TensorStore::add(TensorEntry entry) {
  auto [it, inserted] = index_.emplace(entry.name, entries_.size());
  if (!inserted) fail_invalid(entry.file + ": tensor '" + entry.name + "' appears twice");
  entries_.push_back(std::move(entry));
}

const TensorEntry* TensorStore::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

uint64_t TensorStore::total_bytes() const noexcept {
  uint64_t n = 0;
  for (auto& e : entries_) n += e.nbytes;
  return n;
}

uint64_t TensorStore::total_elements() const noexcept {
  uint64_t n = 0;
  for (auto& e : entries_) n += uint64_t(e.shape.numel());
  return n;
}

}  // namespace dsw
