// SHA-256 (FIPS 180-4) and streamed file hashing.
#include <dsw/hash.h>

#include "core/error.h"
#include "core/sha256_blocks.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

namespace dsw {
namespace detail {

const uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

namespace {
inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
}  // namespace

void sha256_blocks_portable(uint32_t state[8], const uint8_t* p, size_t blocks) noexcept {
  for (; blocks; --blocks, p += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = uint32_t(p[4 * i]) << 24 | uint32_t(p[4 * i + 1]) << 16 | uint32_t(p[4 * i + 2]) << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kSha256K[i] + w[i];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a, state[1] += b, state[2] += c, state[3] += d, state[4] += e, state[5] += f, state[6] += g, state[7] += h;
  }
}

void sha256_blocks(uint32_t state[8], const uint8_t* data, size_t blocks) noexcept {
  if (sha256_shani_supported())
    sha256_blocks_shani(state, data, blocks);
  else
    sha256_blocks_portable(state, data, blocks);
}

}  // namespace detail

Sha256::Sha256() { reset(); }

void Sha256::reset() noexcept {
  static constexpr uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::memcpy(h_, init, sizeof(h_));
  len_ = 0;
  fill_ = 0;
}

void Sha256::block(const uint8_t* p) noexcept { detail::sha256_blocks(h_, p, 1); }

void Sha256::update(std::span<const uint8_t> data) noexcept {
  const uint8_t* p = data.data();
  size_t n = data.size();
  len_ += n;
  if (fill_) {
    size_t take = std::min(n, 64 - fill_);
    std::memcpy(buf_ + fill_, p, take);
    fill_ += take, p += take, n -= take;
    if (fill_ == 64) {
      block(buf_);
      fill_ = 0;
    }
  }
  if (n >= 64) {  // whole blocks straight from the input, many per call
    const size_t blocks = n / 64;
    detail::sha256_blocks(h_, p, blocks);
    p += 64 * blocks, n -= 64 * blocks;
  }
  if (n) {
    std::memcpy(buf_, p, n);
    fill_ = n;
  }
}

std::array<uint8_t, 32> Sha256::finish() noexcept {
  uint64_t bits = len_ * 8;
  uint8_t pad = 0x80;
  update({&pad, 1});
  uint8_t zero = 0;
  while (fill_ != 56) update({&zero, 1});
  uint8_t lenbuf[8];
  for (int i = 0; i < 8; ++i) lenbuf[i] = uint8_t(bits >> (56 - 8 * i));
  update({lenbuf, 8});
  std::array<uint8_t, 32> out{};
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) out[size_t(4 * i + j)] = uint8_t(h_[i] >> (24 - 8 * j));
  return out;
}

std::string Sha256::hex(const std::array<uint8_t, 32>& digest) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (uint8_t b : digest) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

Result<std::vector<FileHash>> hash_files(const std::vector<std::filesystem::path>& files, const JobContext& job) {
  return guard([&] {
    std::error_code ec;
    uint64_t total = 0;
    for (auto& f : files) {
      auto sz = std::filesystem::file_size(f, ec);
      if (ec) fail_io(f.string() + ": " + ec.message());
      total += sz;
    }
    std::vector<FileHash> out;
    std::vector<uint8_t> buf(size_t(8) << 20);
    uint64_t done = 0;
    for (auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) fail_io(f.string() + ": cannot open");
      Sha256 sha;
      FileHash fh{f, 0, {}};
      std::string fname = f.filename().string();
      while (in) {
        in.read(reinterpret_cast<char*>(buf.data()), std::streamsize(buf.size()));
        auto got = size_t(in.gcount());
        if (in.bad()) fail_io(f.string() + ": read error");
        if (!got) break;
        sha.update({buf.data(), got});
        fh.size += got;
        done += got;
        if (!job.report({.phase = "hash", .step = int64_t(done), .total = int64_t(total), .unit = "bytes", .message = fname}))
          fail_cancelled("hashing cancelled");
      }
      fh.sha256 = Sha256::hex(sha.finish());
      out.push_back(std::move(fh));
    }
    return out;
  });
}

}  // namespace dsw
