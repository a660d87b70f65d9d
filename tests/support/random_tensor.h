// Normally distributed test inputs: the same seed gives the same values on every machine that
// shares libstdc++'s std::normal_distribution, so a failing case can be rerun exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace dsw::test {

// n values drawn from N(mean, sd²) by a std::mt19937 seeded with `seed`.
std::vector<float> randn(size_t n, uint32_t seed, float sd = 1.0f, float mean = 0.0f);

// n values drawn from N(0, sd²) by `rng`, for tests that draw several tensors from one stream.
std::vector<float> randn(size_t n, std::mt19937& rng, float sd = 1.0f);

}  // namespace dsw::test
