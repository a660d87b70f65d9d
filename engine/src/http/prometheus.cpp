// Prometheus text format writer.
#include "http/prometheus.h"

#include <charconv>

namespace dsw::http {
namespace {

// Shortest text that reads back as the same double (0.005, not 0.0050000000000000001).
std::string num(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

class Page {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_ += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void sample(const std::string& name, double v, const std::string& labels = {}) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      out_ += labels;
      out_ += '}';
    }
    out_ += ' ';
    out_ += num(v);
    out_ += '\n';
  }
  void scalar(const char* name, const char* type, const char* help, double v) {
    family(name, type, help);
    sample(name, v);
  }
  void histogram(const char* name, const char* help, const std::vector<double>& bounds, const std::vector<int64_t>& counts,
                 double sum) {
    family(name, "histogram", help);
    int64_t cumulative = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i];
      const std::string le = i < bounds.size() ? num(bounds[i]) : "+Inf";
      sample(std::string(name) + "_bucket", double(cumulative), "le=\"" + le + "\"");
    }
    sample(std::string(name) + "_sum", sum);
    sample(std::string(name) + "_count", double(cumulative));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string prometheus_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string prometheus_text(const ServeStats& s, const HttpCounters& h) {
  Page p;
  p.family("dsw_serve_model_info", "gauge", "The model version answering new requests and the scheduling policy.");
  p.sample("dsw_serve_model_info", 1, "model=\"" + prometheus_label(s.model_id) + "\",policy=\"" + prometheus_label(s.policy) + "\"");
  p.family("dsw_serve_requests_total", "counter", "Requests by outcome: finished (stop or length), cancelled, failed, rejected.");
  p.sample("dsw_serve_requests_total", double(s.requests_finished), "outcome=\"finished\"");
  p.sample("dsw_serve_requests_total", double(s.requests_cancelled), "outcome=\"cancelled\"");
  p.sample("dsw_serve_requests_total", double(s.requests_failed), "outcome=\"failed\"");
  p.sample("dsw_serve_requests_total", double(s.requests_rejected), "outcome=\"rejected\"");
  p.scalar("dsw_serve_requests_submitted_total", "counter", "Requests accepted into the queue.", double(s.requests_submitted));
  p.family("dsw_serve_http_responses_total", "counter", "HTTP responses by status code.");
  int64_t errors = 0;
  for (const auto& [code, n] : h.responses) {
    p.sample("dsw_serve_http_responses_total", double(n), "code=\"" + std::to_string(code) + "\"");
    if (code >= 400) errors += n;
  }
  p.scalar("dsw_serve_errors_total", "counter", "HTTP responses with a 4xx or 5xx status plus requests failed by the engine.",
           double(errors + s.requests_failed));
  p.scalar("dsw_serve_client_disconnects_total", "counter", "Streams whose client went away before the end (request cancelled).",
           double(h.client_disconnects));
  p.scalar("dsw_serve_prompt_tokens_total", "counter", "Prompt tokens run through the model.", double(s.prompt_tokens));
  p.scalar("dsw_serve_generated_tokens_total", "counter", "Tokens generated.", double(s.generated_tokens));
  p.scalar("dsw_serve_queue_depth", "gauge", "Requests waiting for a slot.", double(s.queue_depth));
  p.scalar("dsw_serve_running_requests", "gauge", "Requests holding a sequence slot.", double(s.running));
  p.scalar("dsw_serve_tokens_in_flight", "gauge", "Prompt plus max_tokens summed over running requests.", double(s.tokens_in_flight));
  p.scalar("dsw_serve_model_versions", "gauge", "Model versions holding a session (2 while a swap drains).", double(s.versions));
  p.scalar("dsw_serve_steps_total", "counter", "Batched forward steps.", double(s.steps));
  p.scalar("dsw_serve_busy_seconds_total", "counter", "Seconds spent in forward steps.", s.busy_seconds);
  p.scalar("dsw_serve_swaps_total", "counter", "Hot swaps to another model version.", double(s.swaps));
  p.scalar("dsw_serve_last_swap_pause_seconds", "gauge", "How long the step loop stood still for the last swap.",
           s.last_swap_pause_ms / 1000.0);
  p.histogram("dsw_serve_batch_size", "Requests in each batched step.", serve_batch_buckets(), s.batch_size_counts, s.batch_size_sum);
  p.histogram("dsw_serve_time_to_first_token_seconds", "Submission to the first generated token.", serve_seconds_buckets(),
              s.ttft_counts, s.ttft_sum);
  p.histogram("dsw_serve_request_latency_seconds", "Submission to the last token of finished requests.", serve_seconds_buckets(),
              s.latency_counts, s.latency_sum);
  return p.take();
}

}  // namespace dsw::http
