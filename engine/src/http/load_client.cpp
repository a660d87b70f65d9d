// run_loadtest: client threads with streamed requests, per-request TTFT and latency, a bench row.
#include <dsw/loadtest.h>

#include <dsw/bench.h>
#include <dsw/build_info.h>
#include <dsw/model.h>
#include <dsw/serve_http.h>

#include "core/error.h"
#include "core/input_file.h"
#include "core/json_strict.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <sstream>
#include <mutex>
#include <thread>

namespace dsw {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0, Clock::time_point t1) { return std::chrono::duration<double, std::milli>(t1 - t0).count(); }

// "http://host:port[/]" -> host (brackets kept off IPv6 literals).
std::string url_host(const std::string& url) {
  std::string rest = url;
  if (auto p = rest.find("://"); p != std::string::npos) rest = rest.substr(p + 3);
  rest = rest.substr(0, rest.find('/'));
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.rfind(':') == std::string::npos ? rest.size() : rest.rfind(':'));
}

struct One {
  bool ok = false;
  std::string error;
  double ttft_ms = 0, latency_ms = 0;
  int64_t prompt_tokens = 0, generated = 0;
  std::vector<double> gaps_ms;  // between consecutive text events
};

// One streamed request: TTFT is the first event that carries text; tokens come from the usage the
// server reports (in a usage chunk or the last chunk), else from the number of text events.
One send_one(httplib::Client& client, const LoadTestOptions& o, const std::string& model, const std::string& prompt) {
  json body = {{"model", model}, {"max_tokens", o.max_tokens}, {"temperature", o.temperature}, {"stream", true},
               {"stream_options", {{"include_usage", true}}}};
  if (o.ignore_eos) body["ignore_eos"] = true;
  if (o.chat) body["messages"] = json::array({{{"role", "user"}, {"content", prompt}}});
  else body["prompt"] = prompt;
  httplib::Request req;
  req.method = "POST";
  req.path = o.chat ? "/v1/chat/completions" : "/v1/completions";
  req.body = body.dump();
  req.set_header("Content-Type", "application/json");
  if (!o.api_key.empty()) req.set_header("Authorization", "Bearer " + o.api_key);
  One r;
  std::string buffer, error_body;
  int64_t text_events = 0;
  bool done = false;
  const auto t0 = Clock::now();
  auto last_text = t0;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    buffer.append(data, n);
    if (buffer.size() > (size_t(8) << 20)) return false;  // no event is this large
    for (size_t at; (at = buffer.find("\n\n")) != std::string::npos;) {
      std::string ev = buffer.substr(0, at);
      buffer.erase(0, at + 2);
      if (ev.rfind("data: ", 0) != 0) continue;
      ev.erase(0, 6);
      if (ev == "[DONE]") {
        done = true;
        continue;
      }
      const json j = json::parse(ev, nullptr, false);
      if (!j.is_object()) continue;
      if (j.contains("error")) error_body = ev;
      if (j.contains("usage") && j["usage"].is_object()) {
        r.prompt_tokens = j["usage"].value("prompt_tokens", int64_t(0));
        r.generated = j["usage"].value("completion_tokens", int64_t(0));
      }
      if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) continue;
      const json& c = j["choices"][0];
      std::string text;
      if (c.contains("text") && c["text"].is_string()) text = c["text"];
      if (c.contains("delta") && c["delta"].is_object() && c["delta"].contains("content") && c["delta"]["content"].is_string())
        text = c["delta"]["content"];
      if (!text.empty()) {
        const auto now = Clock::now();
        if (text_events == 0) r.ttft_ms = ms_since(t0, now);
        else r.gaps_ms.push_back(ms_since(last_text, now));
        last_text = now;
        ++text_events;
      }
    }
    return true;
  };
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  const bool sent = client.send(req, res, err);
  r.latency_ms = ms_since(t0, Clock::now());
  if (!sent) {
    r.error = "request failed: " + httplib::to_string(err);
  } else if (res.status != 200) {
    r.error = "HTTP " + std::to_string(res.status) + ": " + (res.body.empty() ? buffer : res.body).substr(0, 300);
  } else if (!error_body.empty()) {
    r.error = "stream error: " + error_body.substr(0, 300);
  } else if (!done) {
    r.error = "the stream ended without [DONE]";
  } else {
    r.ok = true;
    if (r.generated == 0) r.generated = text_events;
  }
  return r;
}

}  // namespace

Result<std::vector<std::string>> read_prompts_file(const std::filesystem::path& path) {
  return guard([&] {
    // The engine's one way to read a named file: a FIFO or a device is refused by type instead of
    // blocking open() or reading forever, and the size is capped like any other text input.
    std::istringstream in(read_input_file(path, InputKind::text));
    const bool jsonl = path.extension() == ".jsonl";
    std::vector<std::string> prompts;
    std::string line;
    for (int64_t n = 1; std::getline(in, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      if (!jsonl) {
        prompts.push_back(line);
        continue;
      }
      const json j = parse_json_strict(line, path.string() + " line " + std::to_string(n));
      std::string prompt;
      for (const char* key : {"prompt", "question", "text"})
        if (j.is_object() && j.contains(key) && j[key].is_string()) {
          prompt = j[key];
          break;
        }
      if (prompt.empty()) fail_invalid(path.string() + " line " + std::to_string(n) + ": no \"prompt\", \"question\" or \"text\" string");
      prompts.push_back(std::move(prompt));
    }
    if (prompts.empty()) fail_invalid(path.string() + ": no prompts in the file");
    return prompts;
  });
}

Result<LoadTestResult> run_loadtest(const LoadTestOptions& o, const JobContext& job) {
  return guard([&]() -> LoadTestResult {
    if (o.concurrency < 1 || o.concurrency > 4096) fail_invalid("loadtest: concurrency must be in [1, 4096]");
    if (o.requests < 1) fail_invalid("loadtest: requests must be at least 1");
    if (o.prompts.empty()) fail_invalid("loadtest: no prompts");
    if (o.max_tokens < 1) fail_invalid("loadtest: max_tokens must be at least 1");
    const std::string host = url_host(o.url);
    if (!o.allow_remote && !is_loopback_host(host))
      fail_invalid("loadtest: " + o.url + " is not on this machine; load tests stay on 127.0.0.1 unless allowed (--allow-remote)");
    LoadTestResult out;
    httplib::Headers auth;
    if (!o.api_key.empty()) auth.emplace("Authorization", "Bearer " + o.api_key);
    {
      httplib::Client probe(o.url);
      probe.set_connection_timeout(10, 0);
      probe.set_read_timeout(30, 0);
      auto models = probe.Get("/v1/models", auth);
      if (!models) fail_io("loadtest: no answer from " + o.url + " (" + httplib::to_string(models.error()) + ")");
      if (models->status != 200) fail_io("loadtest: " + o.url + "/v1/models answered HTTP " + std::to_string(models->status));
      out.model = o.model;
      if (out.model.empty()) {
        const json j = json::parse(models->body, nullptr, false);
        if (j.is_object() && j.contains("data") && j["data"].is_array() && !j["data"].empty() && j["data"][0].contains("id"))
          out.model = j["data"][0]["id"].get<std::string>();
      }
      auto health = probe.Get("/health", auth);
      if (health && health->status == 200) out.health_json = health->body;
      const json h = json::parse(out.health_json, nullptr, false);
      out.server = (h.is_object() && h.contains("server") && h["server"].is_string() ? h["server"].get<std::string>() : std::string("server")) +
                   " " + o.url;
    }

    std::atomic<int64_t> next{0}, finished{0};
    std::mutex mu;
    std::vector<One> results;
    const auto t0 = Clock::now();
    const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.max_seconds));
    auto client_loop = [&] {
      httplib::Client client(o.url);
      client.set_connection_timeout(30, 0);
      client.set_read_timeout(time_t(o.request_timeout_s), 0);
      // A connection per request: servers differ in how they end keep-alive connections after a
      // stream, and a reused connection the server has closed would count as a failed request.
      client.set_keep_alive(false);
      client.set_tcp_nodelay(true);  // headers and body leave at once (no Nagle + delayed-ACK stall)
      for (;;) {
        if (job.cancelled() || Clock::now() >= deadline) return;
        const int64_t i = next.fetch_add(1);
        if (i >= o.requests) return;
        One r = send_one(client, o, out.model, o.prompts[size_t(i) % o.prompts.size()]);
        {
          std::lock_guard lk(mu);
          results.push_back(std::move(r));
        }
        const int64_t f = finished.fetch_add(1) + 1;
        job.report({.phase = "loadtest", .step = f, .total = o.requests, .unit = "requests"});
      }
    };
    std::vector<std::thread> clients;
    for (int c = 0; c < o.concurrency; ++c) clients.emplace_back(client_loop);
    for (auto& t : clients) t.join();
    const auto t1 = Clock::now();

    out.wall_seconds = std::chrono::duration<double>(t1 - t0).count();
    std::vector<double> ttft, latency, gaps;
    for (const auto& r : results) {
      if (!r.ok) {
        out.failed++;
        if (out.errors.size() < 5) out.errors.push_back(r.error);
        continue;
      }
      out.completed++;
      out.prompt_tokens += r.prompt_tokens;
      out.generated_tokens += r.generated;
      ttft.push_back(r.ttft_ms);
      latency.push_back(r.latency_ms);
      gaps.insert(gaps.end(), r.gaps_ms.begin(), r.gaps_ms.end());
    }
    if (out.wall_seconds > 0) {
      out.qps = double(out.completed) / out.wall_seconds;
      out.tokens_per_s = double(out.generated_tokens) / out.wall_seconds;
    }
    out.ttft_p50_ms = percentile(ttft, 50);
    out.ttft_p90_ms = percentile(ttft, 90);
    out.ttft_p99_ms = percentile(ttft, 99);
    out.latency_p50_ms = percentile(latency, 50);
    out.latency_p90_ms = percentile(latency, 90);
    out.latency_p99_ms = percentile(latency, 99);
    out.itl_p50_ms = percentile(gaps, 50);
    out.itl_p99_ms = percentile(gaps, 99);
    for (double g : gaps) out.itl_max_ms = std::max(out.itl_max_ms, g);
    if (job.cancelled() && out.completed == 0) fail_cancelled("loadtest cancelled");
    return out;
  });
}

BenchRow loadtest_row(const LoadTestOptions& o, const LoadTestResult& r) {
  BenchRow row;
  const json h = json::parse(r.health_json, nullptr, false);
  DeviceSpec device;
  if (h.is_object() && h.contains("threads") && h["threads"].is_number_integer()) device.n_threads = h["threads"].get<int>();
  fill_host_fields(row, device);
  row.suite = "serve";
  row.server = r.server;
  row.model_path = r.model;
  if (h.is_object()) {
    auto text = [&](const char* key, std::optional<std::string>& field) {
      if (h.contains(key) && h[key].is_string() && !h[key].get<std::string>().empty()) field = h[key].get<std::string>();
    };
    auto integer = [&](const char* key, std::optional<int64_t>& field) {
      if (h.contains(key) && h[key].is_number_integer()) field = h[key].get<int64_t>();
    };
    text("path", row.model_path);
    text("architecture", row.architecture);
    text("precision", row.precision);
    text("policy", row.schedule_policy);
    integer("params_total", row.params_total);
    integer("params_active", row.params_active);
    integer("max_batch_size", row.batch);
  }
  row.concurrency = o.concurrency;
  row.requests = r.completed;
  row.failed_requests = r.failed;
  row.gen_tokens = o.max_tokens;
  if (r.completed > 0) row.prompt_tokens = r.prompt_tokens / r.completed;
  row.qps = r.qps;
  row.serve_tps = r.tokens_per_s;
  row.ttft_ms = r.ttft_p50_ms;
  row.ttft_p99_ms = r.ttft_p99_ms;
  row.request_p50_ms = r.latency_p50_ms;
  row.request_p99_ms = r.latency_p99_ms;
  // Per-token latency as the clients saw it (gaps between streamed tokens).
  row.latency_p50_ms = r.itl_p50_ms;
  row.latency_p99_ms = r.itl_p99_ms;
  char max_gap[64];
  std::snprintf(max_gap, sizeof max_gap, "; longest token gap %.1f ms", r.itl_max_ms);
  std::string notes = "wall " + std::to_string(r.wall_seconds) + " s" + max_gap;
  if (!r.errors.empty()) notes += "; first error: " + r.errors.front();
  row.notes = notes;
  return row;
}

}  // namespace dsw
