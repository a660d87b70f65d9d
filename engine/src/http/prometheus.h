// The /metrics page: the scheduler's counters, gauges and histograms, and the HTTP layer's
// response and disconnect counts, in the Prometheus text exposition format (version 0.0.4).
#pragma once

#include <dsw/serve.h>

#include <cstdint>
#include <map>
#include <string>

namespace dsw::http {

struct HttpCounters {
  std::map<int, int64_t> responses;  // by status code
  int64_t client_disconnects = 0;    // streams whose client went away before the end
  int64_t streams = 0;
};

std::string prometheus_text(const ServeStats& stats, const HttpCounters& http);

// A label value with \, " and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace dsw::http
