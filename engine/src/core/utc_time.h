// The timestamps the store and benchmark rows record: UTC, ISO 8601, to the second.
#pragma once

#include <string>

namespace dsw {

// "2026-12-05T15:30:10Z" for now.
std::string utc_now();

}  // namespace dsw
