// dsw-cli serve: the OpenAI-compatible local server with dynamic batching (dsw/serve_http.h).
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/runner.h>
#include <dsw/serve_http.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace dsw::cli {
namespace {

void on_sigterm(int) { cancel_flag().store(true); }

SchedulerOptions scheduler_options(const Args& args) {
  SchedulerOptions o;
  const std::string policy = args.get_or("policy", "fcfs");
  auto p = schedule_policy_from_name(policy);
  if (!p) throw std::invalid_argument("--policy: '" + policy + "' is not fcfs, longest_first or shortest_first");
  o.policy = *p;
  o.max_batch_size = args.get_int("max-batch", o.max_batch_size, 1, 1024);
  o.max_wait_ms = args.get_int("max-wait-ms", o.max_wait_ms, 0, 60000);
  o.max_tokens_in_flight = args.get_int("max-tokens-in-flight", 0, 0, int64_t(1) << 40);
  o.prefill_chunk = args.get_int("prefill-chunk", o.prefill_chunk, 1, 65536);
  o.max_queue = args.get_int("max-queue", o.max_queue, 0, 1 << 20);
  o.n_ctx = args.get_int("ctx", o.n_ctx, 2, 1 << 20);
  return o;
}

}  // namespace

int cmd_serve(const Argv& argv) {
  std::set<std::string> options = {"port", "host", "api-key", "policy", "max-batch", "max-wait-ms", "max-tokens-in-flight",
                                   "prefill-chunk", "max-queue", "ctx", "http-threads", "default-max-tokens", "max-body",
                                   "name", "stats-every"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  const SchedulerOptions so = scheduler_options(args);
  HttpServeOptions ho;
  ho.host = args.get_or("host", ho.host);
  ho.port = int(args.get_int("port", ho.port, 0, 65535));
  ho.api_key = args.get_or("api-key", "");
  if (ho.api_key.empty())
    if (const char* k = std::getenv("DSW_API_KEY")) ho.api_key = k;
  ho.threads = int(args.get_int("http-threads", ho.threads, 2, 4096));
  ho.default_max_tokens = args.get_int("default-max-tokens", ho.default_max_tokens, 1, 1 << 20);
  ho.max_body_bytes = size_t(args.get_int("max-body", int64_t(ho.max_body_bytes), 1024, int64_t(1) << 30));
  const double stats_every = args.get_double("stats-every", 10, 0, 3600);
  // Checked before the model loads, so a refused address costs no load time.
  if (!is_loopback_host(ho.host) && ho.api_key.empty())
    throw std::invalid_argument("--host " + ho.host + " exposes the server beyond this machine: give --api-key K (or DSW_API_KEY)");

  auto opened = open_runner(args.positional()[0], args, true, 8);
  if (!opened.is_ok()) return report(opened.status());
  auto served = make_served_model(std::shared_ptr<const Runner>(std::move(opened).value()), args.get_or("name", ""));

  // POST /admin/swap opens the new version with the same device and thread settings.
  RunnerOptions ro;
  ro.require_tokenizer = true;
  ro.device = served->runner->model()->device();
  ro.n_ctx = 8;
  ho.loader = [ro](const std::string& path, const std::string& id) -> Result<std::shared_ptr<const ServedModel>> {
    auto r = Runner::open(path, ro);
    if (!r.is_ok()) return r.status();
    return std::shared_ptr<const ServedModel>(make_served_model(std::shared_ptr<const Runner>(std::move(r).value()), id));
  };

  auto server = HttpServer::start(served, so, ho);
  if (!server.is_ok()) return report(server.status());
  struct sigaction sa {};
  sa.sa_handler = on_sigterm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  std::fprintf(stderr, "dsw-cli serve: %s on %s (policy %s, max batch %lld, max wait %lld ms, context %lld per request)%s\n",
               served->id.c_str(), (*server)->url().c_str(), std::string(schedule_policy_name(so.policy)).c_str(),
               (long long)so.max_batch_size, (long long)so.max_wait_ms, (long long)(*server)->scheduler().max_request_tokens(),
               ho.api_key.empty() ? "" : ", API key required");
  std::fprintf(stderr, "  OpenAI base URL %s/v1 — Ctrl-C stops\n", (*server)->url().c_str());
  std::fflush(stderr);
  auto last = std::chrono::steady_clock::now();
  int64_t last_done = 0;
  while (!cancel_flag().load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (stats_every <= 0 || std::chrono::steady_clock::now() - last < std::chrono::duration<double>(stats_every)) continue;
    last = std::chrono::steady_clock::now();
    const ServeStats s = (*server)->scheduler().stats(stats_every);
    if (s.requests_finished == last_done && s.running == 0 && s.queue_depth == 0) continue;
    last_done = s.requests_finished;
    std::fprintf(stderr, "[serve] %.2f req/s, %.1f tokens/s, latency p50 %.0f ms p99 %.0f ms, batch %.1f, running %lld, queued %lld, done %lld\n",
                 s.window_qps, s.window_tokens_per_s, s.window_latency_p50 * 1e3, s.window_latency_p99 * 1e3, s.window_batch_mean,
                 (long long)s.running, (long long)s.queue_depth, (long long)s.requests_finished);
  }
  std::fprintf(stderr, "dsw-cli serve: stopping\n");
  (*server)->stop();
  return 0;
}

}  // namespace dsw::cli
