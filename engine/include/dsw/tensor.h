// Tensor: a typed, shaped view of memory on a device.
//
// Shapes are row-major with dim 0 outermost (PyTorch order; GGUF dims are reversed on load).
// A Tensor does not own its bytes directly: it holds a shared owner (a host allocation, a memory
// map of a checkpoint, a device allocation) that keeps them alive, so views are cheap to copy and
// weights can stay memory-mapped (zero copy). Tensors are not thread-safe to mutate; concurrent
// reads are fine.
#pragma once

#include <dsw/dtype.h>
#include <dsw/status.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>

namespace dsw {

enum class DeviceKind : uint8_t { cpu, cuda };

struct Device {
  DeviceKind kind = DeviceKind::cpu;
  int index = 0;
  bool operator==(const Device&) const = default;
  std::string to_string() const;  // "cpu", "cuda:0"
};

class Shape {
 public:
  static constexpr int kMaxRank = 8;

  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  template <class It>
  Shape(It first, It last) {
    for (; first != last && rank_ < kMaxRank; ++first) dims_[rank_++] = int64_t(*first);
  }

  int rank() const noexcept { return rank_; }
  int64_t operator[](int i) const noexcept { return dims_[size_t(i)]; }
  int64_t& operator[](int i) noexcept { return dims_[size_t(i)]; }
  // Product of the dims; the caller validated them (Shape::checked_numel for untrusted input).
  int64_t numel() const noexcept;
  // Product with overflow and negativity checks; nullopt-like -1 on failure.
  int64_t checked_numel() const noexcept;
  void push_back(int64_t d) noexcept {
    if (rank_ < kMaxRank) dims_[size_t(rank_++)] = d;
  }
  bool operator==(const Shape& o) const noexcept;
  std::string to_string() const;  // "[2048, 32256]"

 private:
  std::array<int64_t, kMaxRank> dims_{};
  int rank_ = 0;
};

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType dtype, Shape shape, void* data, Device device, std::shared_ptr<const void> owner);

  // A new zero-filled host tensor, 64-byte aligned.
  static Tensor host(DType dtype, Shape shape);

  bool defined() const noexcept { return data_ != nullptr || shape_.numel() == 0; }
  DType dtype() const noexcept { return dtype_; }
  const Shape& shape() const noexcept { return shape_; }
  int rank() const noexcept { return shape_.rank(); }
  int64_t dim(int i) const noexcept { return shape_[i]; }
  int64_t numel() const noexcept { return shape_.numel(); }
  uint64_t nbytes() const noexcept;
  Device device() const noexcept { return device_; }
  bool on_host() const noexcept { return device_.kind == DeviceKind::cpu; }

  void* data() const noexcept { return data_; }
  template <class T>
  T* data_as() const noexcept {
    return static_cast<T*>(data_);
  }
  const std::shared_ptr<const void>& owner() const noexcept { return owner_; }

  // Same bytes, another shape with the same element count.
  Tensor view(Shape shape) const;
  // Rows [begin, end) of dim 0 (contiguous sub-tensor).
  Tensor slice(int64_t begin, int64_t end) const;
  // Bytes of one row (product of dims 1..) for the tensor's dtype.
  uint64_t row_bytes() const noexcept;

 private:
  DType dtype_ = DType::f32;
  Shape shape_;
  void* data_ = nullptr;
  Device device_{};
  std::shared_ptr<const void> owner_;
};

}  // namespace dsw
