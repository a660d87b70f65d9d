// The HTTP front of the scheduler: an OpenAI-compatible local server.
//
//   POST /v1/completions, /v1/chat/completions   non-streamed, or server-sent events with "stream"
//   GET  /v1/models                               the served model and its adapters
//   GET  /health                                  {"status": "ok", model, policy, queue, ...}
//   GET  /metrics                                 Prometheus text format
//   POST /admin/swap {"path": DIR, "id": NAME}    open another version and switch to it (hot swap)
//
// It binds 127.0.0.1 unless told otherwise; binding any other address needs an API key, which every
// request must then carry as "Authorization: Bearer KEY" (/health excepted). Limits keep memory
// bounded: a request body is at most max_body_bytes (413), a full queue answers 503 with
// Retry-After, reads and writes time out, and a client that goes away mid-stream cancels its
// request, freeing its slot before the next step.
//
// Built on cpp-httplib (Debian libcpp-httplib-dev): Qt-free, so dsw-cli serves without Qt, with a
// client in the same library for the load generator (dsw/loadtest.h).
#pragma once

#include <dsw/serve.h>
#include <dsw/status.h>

#include <functional>
#include <memory>
#include <string>

namespace dsw {

struct HttpServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (port() says which)
  std::string api_key;                // required to bind beyond loopback; then every request needs it
  int threads = 64;                   // connections handled at once; more wait for a free thread
  size_t max_body_bytes = 1 << 20;    // larger bodies: 413
  int64_t default_max_tokens = 256;   // when a request gives none (capped by the room left)
  int read_timeout_s = 10;            // a client that sends nothing for this long is dropped
  int write_timeout_s = 10;           // a client that reads nothing for this long is dropped
  int listen_backlog = 1024;          // connections the kernel queues before accept
  // Opens a model version for POST /admin/swap (null: the endpoint answers 501). Runs on the HTTP
  // thread of that request while the others go on.
  std::function<Result<std::shared_ptr<const ServedModel>>(const std::string& path, const std::string& id)> loader;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host) noexcept;

class HttpServer {
 public:
  // Starts the scheduler and the listener. invalid_input: a non-loopback host without an API key,
  // bad options; io: the address cannot be bound (in use, permission).
  static Result<std::unique_ptr<HttpServer>> start(std::shared_ptr<const ServedModel> model,
                                                   const SchedulerOptions& scheduler, const HttpServeOptions& http);
  ~HttpServer();  // stop()

  int port() const noexcept;
  std::string url() const;  // "http://127.0.0.1:PORT"
  Scheduler& scheduler() noexcept;

  // Hot swap to an opened version (see Scheduler::swap); returns the step loop's pause in ms.
  Result<double> swap(std::shared_ptr<const ServedModel> next);

  // The /metrics text.
  std::string metrics_text() const;

  // Stops accepting, cancels every request and joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  HttpServer();
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsw
