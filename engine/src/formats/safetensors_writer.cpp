// write_safetensors: header JSON padded to 8 bytes, then the tensors back to back.
#include <dsw/safetensors_writer.h>

#include "core/atomic_file.h"
#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace dsw {

std::string_view safetensors_dtype_name(DType t) noexcept {
  switch (t) {
    case DType::f32: return "F32";
    case DType::f16: return "F16";
    case DType::bf16: return "BF16";
    case DType::f64: return "F64";
    case DType::f8_e4m3: return "F8_E4M3";
    case DType::f8_e5m2: return "F8_E5M2";
    case DType::i8: return "I8";
    case DType::u8: return "U8";
    case DType::i16: return "I16";
    case DType::i32: return "I32";
    case DType::i64: return "I64";
    case DType::boolean: return "BOOL";
    default: return "";
  }
}

Status write_safetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                         const std::map<std::string, std::string>& metadata, const JobContext& job) {
  return guard([&] {
    // nlohmann's ordered_json keeps insertion order, so the header lists tensors as written.
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    std::vector<uint64_t> sizes;
    for (const auto& t : tensors) {
      auto name = safetensors_dtype_name(t.dtype);
      if (name.empty()) fail_unsupported(path.string() + ": tensor '" + t.name + "': dtype " + std::string(dtype_name(t.dtype)) + " has no safetensors form");
      int64_t n = t.shape.checked_numel();
      auto bytes = n < 0 ? std::nullopt : dtype_bytes(t.dtype, uint64_t(n));
      if (!bytes) fail_invalid(path.string() + ": tensor '" + t.name + "': bad shape " + t.shape.to_string());
      nlohmann::ordered_json shape = nlohmann::ordered_json::array();
      for (int i = 0; i < t.shape.rank(); ++i) shape.push_back(t.shape[i]);
      header[t.name] = {{"dtype", name}, {"shape", shape}, {"data_offsets", {offset, offset + *bytes}}};
      offset += *bytes;
      sizes.push_back(*bytes);
    }
    std::string h = header.dump();
    while ((8 + h.size()) % 8) h += ' ';
    // Refuse up front rather than fill the disk and fail hours later.
    std::error_code ec;
    auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    auto space = std::filesystem::space(folder, ec);
    const uint64_t need = 8 + h.size() + offset;
    if (!ec && space.available < need + (uint64_t(64) << 20))
      fail_io(path.string() + ": needs " + std::to_string(need >> 20) + " MiB but only " + std::to_string(space.available >> 20) +
              " MiB are free on that disk");
    AtomicFile out(path);
    const uint64_t n = h.size();
    uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = uint8_t(n >> (8 * i));
    out.write(len, 8);
    out.write(h);
    std::vector<uint8_t> buf(size_t(8) << 20);
    uint64_t done = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
      const auto& t = tensors[i];
      for (uint64_t off = 0; off < sizes[i]; off += buf.size()) {
        const uint64_t chunk = std::min<uint64_t>(buf.size(), sizes[i] - off);
        if (t.data) {
          out.write(static_cast<const uint8_t*>(t.data) + off, chunk);
        } else {
          t.fill(buf.data(), off, chunk);
          out.write(buf.data(), chunk);
        }
        done += chunk;
        if (!job.report({.phase = "write", .step = int64_t(done), .total = int64_t(offset), .unit = "bytes", .message = t.name}))
          fail_cancelled("writing " + path.filename().string() + " cancelled");
      }
    }
    out.commit();
  });
}

}  // namespace dsw
