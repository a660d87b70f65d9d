// Shapes, tensor views and host allocation.
#include <dsw/tensor.h>

#include "core/error.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace dsw {

std::string Device::to_string() const {
  return kind == DeviceKind::cpu ? std::string("cpu") : "cuda:" + std::to_string(index);
}

Shape::Shape(std::initializer_list<int64_t> dims) {
  for (int64_t d : dims)
    if (rank_ < kMaxRank) dims_[size_t(rank_++)] = d;
}

int64_t Shape::numel() const noexcept {
  int64_t n = 1;
  for (int i = 0; i < rank_; ++i) n *= dims_[size_t(i)];
  return n;
}

int64_t Shape::checked_numel() const noexcept {
  int64_t n = 1;
  for (int i = 0; i < rank_; ++i) {
    int64_t d = dims_[size_t(i)];
    if (d < 0 || __builtin_mul_overflow(n, d, &n)) return -1;
  }
  return n;
}

bool Shape::operator==(const Shape& o) const noexcept {
  if (rank_ != o.rank_) return false;
  for (int i = 0; i < rank_; ++i)
    if (dims_[size_t(i)] != o.dims_[size_t(i)]) return false;
  return true;
}

std::string Shape::to_string() const {
  std::string s = "[";
  for (int i = 0; i < rank_; ++i) {
    if (i) s += ", ";
    s += std::to_string(dims_[size_t(i)]);
  }
  return s + "]";
}

Tensor::Tensor(DType dtype, Shape shape, void* data, Device device, std::shared_ptr<const void> owner)
    : dtype_(dtype), shape_(shape), data_(data), device_(device), owner_(std::move(owner)) {}

Tensor Tensor::host(DType dtype, Shape shape) {
  int64_t n = shape.checked_numel();
  if (n < 0) fail_invalid("tensor shape " + shape.to_string() + " overflows");
  auto bytes = dtype_bytes(dtype, uint64_t(n));
  if (!bytes) fail_invalid("tensor shape " + shape.to_string() + " is not a whole number of " +
                           std::string(dtype_name(dtype)) + " blocks");
  size_t size = (*bytes + 63) / 64 * 64;
  void* p = std::aligned_alloc(64, size ? size : 64);
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, size);
  std::shared_ptr<void> owner(p, [](void* q) { std::free(q); });
  return Tensor(dtype, shape, p, Device{}, std::move(owner));
}

uint64_t Tensor::nbytes() const noexcept { return dtype_bytes(dtype_, uint64_t(numel())).value_or(0); }

uint64_t Tensor::row_bytes() const noexcept {
  int64_t n = 1;
  for (int i = 1; i < shape_.rank(); ++i) n *= shape_[i];
  return dtype_bytes(dtype_, uint64_t(n)).value_or(0);
}

Tensor Tensor::view(Shape shape) const {
  if (shape.checked_numel() != numel())
    fail_internal("view " + shape.to_string() + " does not match " + shape_.to_string());
  return Tensor(dtype_, shape, data_, device_, owner_);
}

Tensor Tensor::slice(int64_t begin, int64_t end) const {
  if (shape_.rank() == 0 || begin < 0 || end < begin || end > shape_[0])
    fail_internal("slice [" + std::to_string(begin) + ", " + std::to_string(end) + ") of " + shape_.to_string());
  Shape s = shape_;
  s[0] = end - begin;
  auto* base = static_cast<char*>(data_);
  return Tensor(dtype_, s, base ? base + uint64_t(begin) * row_bytes() : nullptr, device_, owner_);
}

}  // namespace dsw
