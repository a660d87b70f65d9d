// HttpServer: cpp-httplib routes over the scheduler — auth, limits, SSE streams, metrics, swap.
#include <dsw/serve_http.h>

#include <dsw/bench.h>
#include <dsw/build_info.h>

#include "core/error.h"
#include "core/json_strict.h"
#include "http/openai_api.h"
#include "http/prometheus.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <sys/socket.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace dsw {

bool is_loopback_host(const std::string& host) noexcept {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

namespace {

using http::ApiError;
using http::Endpoint;
using http::ParsedRequest;
using nlohmann::json;

// httplib keeps its listening socket protected; the kernel backlog it asks for (5) would drop
// connections under a burst, so the server asks again for a deeper one after binding.
class Listener : public httplib::Server {
 public:
  void deepen_backlog(int n) { ::listen(svr_sock_, n); }
};

int64_t unix_time() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void send_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(http::error_body(e), "application/json");
}

ApiError api_error(int status, std::string message, std::string type = "invalid_request_error", std::string code = {}) {
  ApiError e;
  e.status = status;
  e.message = std::move(message);
  e.type = std::move(type);
  e.code = std::move(code);
  return e;
}

// Compares without an early exit, so the key's bytes cannot be timed.
bool same_key(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char d = 0;
  for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
  return d == 0;
}

// What one stream keeps between calls of its content provider.
struct StreamState {
  std::shared_ptr<ServeTicket> ticket;
  ParsedRequest request;
  std::string id;
  int64_t created = 0;
  bool opened = false;
  bool ended = false;
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
};

}  // namespace

struct HttpServer::Impl {
  HttpServeOptions o;
  std::unique_ptr<Scheduler> scheduler;
  Listener server;
  std::thread listener;
  int port = 0;
  std::mutex counters_mu;
  http::HttpCounters counters;
  std::mutex swap_mu;
  std::atomic<bool> stopping{false};

  void count_response(int status) {
    std::lock_guard lk(counters_mu);
    counters.responses[status]++;
  }

  void handle_generate(Endpoint ep, const httplib::Request& req, httplib::Response& res) {
    auto version = scheduler->current();
    http::ApiLimits limits;
    limits.default_max_tokens = o.default_max_tokens;
    auto parsed = http::parse_request(ep, req.body, version, scheduler->max_request_tokens(), limits);
    if (auto* e = std::get_if<ApiError>(&parsed)) return send_error(res, *e);
    ParsedRequest& pr = std::get<ParsedRequest>(parsed);
    auto submitted = scheduler->submit(pr.serve);
    if (!submitted.is_ok()) {
      const Status& s = submitted.status();
      if (s.code() == StatusCode::out_of_memory) {
        res.set_header("Retry-After", "1");
        return send_error(res, api_error(503, s.message(), "server_busy", "server_busy"));
      }
      if (s.code() == StatusCode::cancelled) return send_error(res, api_error(503, s.message(), "server_unavailable"));
      return send_error(res, api_error(400, s.message()));
    }
    auto ticket = *submitted;
    const std::string id = http::new_request_id();
    const int64_t created = unix_time();
    if (!pr.stream) {
      std::string text;
      for (;;) {
        ticket->wait(std::chrono::milliseconds(500));
        ServeOutput out = ticket->take();
        text += out.text;
        if (!out.finished) continue;
        if (out.reason == FinishReason::error)
          return send_error(res, api_error(500, "generation failed: " + out.error, "server_error"));
        if (out.reason == FinishReason::cancelled)
          return send_error(res, api_error(503, "the request was cancelled: the server is stopping", "server_unavailable"));
        res.set_content(http::response_body(pr, id, created, text, out), "application/json");
        return;
      }
    }
    auto st = std::make_shared<StreamState>();
    st->ticket = ticket;
    st->request = std::move(pr);
    st->id = id;
    st->created = created;
    {
      std::lock_guard lk(counters_mu);
      counters.streams++;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, st](size_t, httplib::DataSink& sink) { return stream_step(*st, sink); },
        [this, st](bool success) {
          // The client went away (or a write failed): free the slot before the next step.
          if (!success || !st->ended) {
            st->ticket->cancel();
            std::lock_guard lk(counters_mu);
            counters.client_disconnects++;
          }
        });
  }

  // One call of a stream's content provider: whatever the request produced since the last call.
  bool stream_step(StreamState& st, httplib::DataSink& sink) {
    auto write = [&](const std::string& s) {
      if (!sink.write(s.data(), s.size())) return false;
      st.last_write = std::chrono::steady_clock::now();
      return true;
    };
    if (!st.opened) {
      st.opened = true;
      if (st.request.endpoint == Endpoint::chat && !write(http::stream_chunk(st.request, st.id, st.created, "", true)))
        return cancel_stream(st);
    }
    st.ticket->wait(std::chrono::milliseconds(250));
    ServeOutput out = st.ticket->take();
    // One event per token that released text, as OpenAI streams; what piled up goes in one write.
    std::string events;
    for (const auto& piece : out.pieces) events += http::stream_chunk(st.request, st.id, st.created, piece);
    if (!events.empty() && !write(events)) return cancel_stream(st);
    if (out.finished) {
      bool ok = true;
      if (out.reason == FinishReason::stop || out.reason == FinishReason::length) {
        ok = write(http::stream_finish(st.request, st.id, st.created, out));
        if (ok && st.request.include_usage) ok = write(http::stream_usage(st.request, st.id, st.created, out));
      } else {
        const ApiError e = out.reason == FinishReason::error ? api_error(500, "generation failed: " + out.error, "server_error")
                                                             : api_error(503, "the server is stopping", "server_unavailable");
        ok = write("data: " + http::error_body(e) + "\n\n");
      }
      if (ok) ok = write("data: [DONE]\n\n");
      st.ended = true;
      if (ok) sink.done();
      return ok;
    }
    // While a request waits in the queue, a comment line now and then finds out whether its client
    // is still there (SSE readers ignore comments).
    if (std::chrono::steady_clock::now() - st.last_write > std::chrono::seconds(1) && !write(": keep-alive\n\n"))
      return cancel_stream(st);
    return true;
  }

  bool cancel_stream(StreamState& st) {
    st.ticket->cancel();
    return false;
  }

  void handle_swap(const httplib::Request& req, httplib::Response& res) {
    if (!o.loader) return send_error(res, api_error(501, "this server was started without a model loader: swap from its front end", "not_implemented"));
    std::unique_lock lk(swap_mu, std::try_to_lock);
    if (!lk.owns_lock()) return send_error(res, api_error(409, "a swap is already running", "conflict"));
    json body;
    try {
      body = parse_json_strict(req.body, "request body");
    } catch (const Error& e) {
      return send_error(res, api_error(400, e.what()));
    }
    if (!body.is_object() || !body.contains("path") || !body["path"].is_string())
      return send_error(res, api_error(400, "swap needs {\"path\": MODEL, \"id\": NAME (optional)}"));
    const std::string id = body.contains("id") && body["id"].is_string() ? body["id"].get<std::string>() : std::string();
    const auto t0 = std::chrono::steady_clock::now();
    auto next = o.loader(body["path"].get<std::string>(), id);
    if (!next.is_ok()) return send_error(res, api_error(400, "cannot open the new version: " + next.status().message()));
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto pause = scheduler->swap(*next);
    if (!pause.is_ok()) return send_error(res, api_error(503, pause.status().message(), "server_unavailable"));
    res.set_content(json{{"model", (*next)->id}, {"load_seconds", load_s}, {"pause_ms", *pause}}.dump(), "application/json");
  }

  void handle_health(httplib::Response& res) {
    const ServeStats s = scheduler->stats();
    const SchedulerOptions& so = scheduler->options();
    const auto current = scheduler->current();
    const Model& model = current->compute_model();
    BenchRow facts;
    fill_model_fields(facts, model);
    json j = {{"status", stopping ? "stopping" : "ok"},
              {"server", "dsw " + std::string(build_version())},
              {"model", s.model_id},
              {"path", current->path},
              {"architecture", facts.architecture.value_or("")},
              {"precision", facts.precision.value_or("")},
              {"params_total", facts.params_total.value_or(0)},
              {"params_active", facts.params_active.value_or(0)},
              {"threads", model.device().n_threads},
              {"adapters", current->adapter_ids},
              {"policy", s.policy},
              {"max_batch_size", so.max_batch_size},
              {"max_wait_ms", so.max_wait_ms},
              {"max_tokens_in_flight", so.max_tokens_in_flight},
              {"n_ctx", scheduler->max_request_tokens()},
              {"queue_depth", s.queue_depth},
              {"running", s.running},
              {"versions", s.versions},
              {"swaps", s.swaps}};
    if (stopping) res.status = 503;
    res.set_content(j.dump(), "application/json");
  }

  void routes() {
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (o.api_key.empty() || req.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
      const std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Bearer ", 0) == 0 && same_key(auth.substr(7), o.api_key)) return httplib::Server::HandlerResponse::Unhandled;
      send_error(res, api_error(401, "a valid API key is required (Authorization: Bearer KEY)", "invalid_request_error",
                                "invalid_api_key"));
      return httplib::Server::HandlerResponse::Handled;
    });
    server.Post("/v1/completions", [this](const httplib::Request& q, httplib::Response& r) { handle_generate(Endpoint::completions, q, r); });
    server.Post("/v1/chat/completions", [this](const httplib::Request& q, httplib::Response& r) { handle_generate(Endpoint::chat, q, r); });
    server.Get("/v1/models", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(http::models_body(*scheduler->current(), unix_time()), "application/json");
    });
    server.Get("/health", [this](const httplib::Request&, httplib::Response& r) { handle_health(r); });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& r) {
      r.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server.Post("/admin/swap", [this](const httplib::Request& q, httplib::Response& r) { handle_swap(q, r); });
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 413) send_error(res, api_error(413, "the request body is larger than the server accepts"));
      else if (res.status == 404) send_error(res, api_error(404, "no route " + req.method + " " + req.path, "invalid_request_error", "not_found"));
      else send_error(res, api_error(res.status, "HTTP " + std::to_string(res.status)));
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      send_error(res, api_error(500, what, "server_error"));
    });
    server.set_logger([this](const httplib::Request&, const httplib::Response& res) { count_response(res.status); });
  }

  std::string metrics() {
    http::HttpCounters h;
    {
      std::lock_guard lk(counters_mu);
      h = counters;
    }
    return http::prometheus_text(scheduler->stats(), h);
  }
};

HttpServer::HttpServer() : impl_(std::make_unique<Impl>()) {}

HttpServer::~HttpServer() { stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::start(std::shared_ptr<const ServedModel> model, const SchedulerOptions& so,
                                                      const HttpServeOptions& ho) {
  return guard([&]() -> std::unique_ptr<HttpServer> {
    if (!is_loopback_host(ho.host) && ho.api_key.empty())
      fail_invalid("binding " + ho.host + " exposes the server beyond this machine: give an API key (--api-key) to do that");
    if (ho.port < 0 || ho.port > 65535) fail_invalid("port " + std::to_string(ho.port) + " is outside 0..65535");
    if (ho.threads < 2 || ho.threads > 4096) fail_invalid("HTTP threads must be in [2, 4096]");
    if (ho.default_max_tokens < 1) fail_invalid("the default max_tokens must be at least 1");
    // A write to a socket its client closed must fail with EPIPE, not end the process.
    std::signal(SIGPIPE, SIG_IGN);
    std::unique_ptr<HttpServer> s(new HttpServer());
    Impl& m = *s->impl_;
    m.o = ho;
    m.scheduler = unwrap(Scheduler::create(std::move(model), so));
    const int threads = ho.threads;
    m.server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    m.server.set_payload_max_length(ho.max_body_bytes);
    m.server.set_read_timeout(ho.read_timeout_s, 0);
    m.server.set_write_timeout(ho.write_timeout_s, 0);
    m.server.set_keep_alive_max_count(1000);
    m.server.set_keep_alive_timeout(5);
    m.server.set_tcp_nodelay(true);
    m.routes();
    if (ho.port == 0) {
      m.port = m.server.bind_to_any_port(ho.host);
      if (m.port <= 0) fail_io("cannot bind " + ho.host + " on any port");
    } else {
      if (!m.server.bind_to_port(ho.host, ho.port))
        fail_io("cannot bind " + ho.host + ":" + std::to_string(ho.port) + " (in use by another program, or not permitted)");
      m.port = ho.port;
    }
    m.server.deepen_backlog(ho.listen_backlog);
    m.listener = std::thread([&m] { m.server.listen_after_bind(); });
    return s;
  });
}

int HttpServer::port() const noexcept { return impl_->port; }

std::string HttpServer::url() const {
  const std::string& h = impl_->o.host;
  const bool v6 = h.find(':') != std::string::npos && h.front() != '[';
  return "http://" + (v6 ? "[" + h + "]" : h) + ":" + std::to_string(impl_->port);
}

Scheduler& HttpServer::scheduler() noexcept { return *impl_->scheduler; }

Result<double> HttpServer::swap(std::shared_ptr<const ServedModel> next) {
  std::lock_guard lk(impl_->swap_mu);
  return impl_->scheduler->swap(std::move(next));
}

std::string HttpServer::metrics_text() const { return impl_->metrics(); }

void HttpServer::stop() {
  Impl& m = *impl_;
  if (m.stopping.exchange(true)) return;
  // Requests end first (their handlers return), then the listener and its threads.
  if (m.scheduler) m.scheduler->stop();
  m.server.stop();
  if (m.listener.joinable()) m.listener.join();
}

}  // namespace dsw
