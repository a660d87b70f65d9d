// The HTTP server on a tiny model, over real sockets on 127.0.0.1: non-streamed and streamed
// completions and chats (stream text = whole text), concurrent greedy requests equal each alone, a
// client leaving mid-stream frees its slot, clear 4xx for malformed JSON / oversized bodies /
// unknown routes / missing keys, busy answers 503, a hot swap under load drops nothing, and 1,000
// concurrent connections with slow and vanishing clients leave the server answering with bounded
// memory.
#include "check.h"
#include "tiny_model.h"

#include <dsw/adapter.h>
#include <dsw/runner.h>
#include <dsw/serve_http.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <thread>

using namespace dsw;
using nlohmann::json;

namespace {

std::shared_ptr<const ServedModel> tiny(uint64_t seed = 1) {
  RunnerOptions o;
  o.require_tokenizer = true;
  o.device.n_threads = 2;
  o.n_ctx = 8;
  auto r = Runner::open(test::tiny_model_dir("llama", seed), o);
  REQUIRE_OK(r);
  return make_served_model(std::shared_ptr<const Runner>(std::move(r).value()), "tiny-" + std::to_string(seed));
}

std::unique_ptr<HttpServer> start(SchedulerOptions so = {}, HttpServeOptions ho = {}) {
  if (so.n_ctx == SchedulerOptions{}.n_ctx) so.n_ctx = 256;
  ho.port = 0;
  auto s = HttpServer::start(tiny(), so, ho);
  REQUIRE_OK(s);
  return std::move(s).value();
}

httplib::Result post(int port, const std::string& path, const json& body, const httplib::Headers& h = {}) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  return c.Post(path.c_str(), h, body.dump(), "application/json");
}

// The data events of a stream (without "data: "), in order.
std::vector<std::string> stream(int port, const std::string& path, const json& body, int stop_after = -1) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.body = body.dump();
  req.set_header("Content-Type", "application/json");
  std::string buffer;
  std::vector<std::string> events;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    buffer.append(data, n);
    // One write may carry several events (what piled up between two looks): read up to stop_after.
    for (size_t at; (stop_after < 0 || int(events.size()) < stop_after) && (at = buffer.find("\n\n")) != std::string::npos;) {
      const std::string ev = buffer.substr(0, at);
      buffer.erase(0, at + 2);
      if (ev.rfind("data: ", 0) == 0) events.push_back(ev.substr(6));
    }
    return stop_after < 0 || int(events.size()) < stop_after;  // false: the client hangs up
  };
  c.send(req);
  return events;
}

std::string stream_text(const std::vector<std::string>& events, bool chat) {
  std::string text;
  for (const auto& e : events) {
    if (e == "[DONE]") continue;
    const json j = json::parse(e);
    if (j["choices"].empty()) continue;
    const json& c = j["choices"][0];
    if (chat) text += c["delta"].value("content", "");
    else text += c.value("text", "");
  }
  return text;
}

json completion(const std::string& prompt, int max_tokens, bool stream = false) {
  return {{"prompt", prompt}, {"max_tokens", max_tokens}, {"temperature", 0}, {"stream", stream}};
}

template <class F>
bool eventually(F f) {
  for (int i = 0; i < 1000; ++i) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return f();
}

int64_t rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      int64_t v = 0;
      in >> v;
      return v;
    }
    std::getline(in, key);
  }
  return 0;
}

int connect_raw(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += size_t(n);
  }
}

// The status code of the response on fd (0 when none came).
int read_status(int fd) {
  char buf[4096];
  std::string got;
  while (got.find("\r\n") == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  if (got.rfind("HTTP/1.1 ", 0) != 0 || got.size() < 12) return 0;
  return std::stoi(got.substr(9, 3));
}

std::string raw_post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

DSW_TEST(completions_and_chats_streamed_and_not) {
  auto s = start();
  const int port = s->port();
  httplib::Client c("127.0.0.1", port);
  auto health = c.Get("/health");
  REQUIRE(health);
  CHECK_EQ(health->status, 200);
  CHECK_EQ(json::parse(health->body)["model"].get<std::string>(), std::string("tiny-1"));
  auto models = c.Get("/v1/models");
  REQUIRE(models);
  CHECK_EQ(json::parse(models->body)["data"][0]["id"].get<std::string>(), std::string("tiny-1"));

  auto whole = post(port, "/v1/completions", completion("Once upon a time", 12));
  REQUIRE(whole);
  CHECK_EQ(whole->status, 200);
  const json w = json::parse(whole->body);
  const std::string text = w["choices"][0]["text"];
  CHECK_EQ(w["usage"]["completion_tokens"].get<int>() <= 12, true);
  const auto events = stream(port, "/v1/completions", completion("Once upon a time", 12, true));
  REQUIRE(!events.empty());
  CHECK_EQ(events.back(), std::string("[DONE]"));
  CHECK_EQ(stream_text(events, false), text);
  const json last = json::parse(events[events.size() - 2]);
  CHECK_EQ(last["choices"][0]["finish_reason"].get<std::string>(), w["choices"][0]["finish_reason"].get<std::string>());

  json chat = {{"messages", json::array({{{"role", "user"}, {"content", "Hi"}}})}, {"max_tokens", 10}, {"temperature", 0}};
  auto chat_whole = post(port, "/v1/chat/completions", chat);
  REQUIRE(chat_whole);
  CHECK_EQ(chat_whole->status, 200);
  const std::string chat_text = json::parse(chat_whole->body)["choices"][0]["message"]["content"];
  chat["stream"] = true;
  chat["stream_options"] = {{"include_usage", true}};
  const auto chat_events = stream(port, "/v1/chat/completions", chat);
  REQUIRE(chat_events.size() >= 4);
  CHECK_EQ(json::parse(chat_events[0])["choices"][0]["delta"]["role"].get<std::string>(), std::string("assistant"));
  CHECK_EQ(stream_text(chat_events, true), chat_text);
  const json usage = json::parse(chat_events[chat_events.size() - 2]);
  CHECK(usage["choices"].empty());
  CHECK(usage["usage"]["prompt_tokens"].get<int>() > 0);
}

DSW_TEST(concurrent_greedy_requests_equal_each_alone_over_http) {
  SchedulerOptions so;
  so.max_batch_size = 16;
  so.prefill_chunk = 9;
  auto s = start(so);
  std::vector<json> bodies;
  for (int i = 0; i < 16; ++i)
    bodies.push_back(completion(std::string("Request ") + std::to_string(i) + std::string(size_t(i * 3), 'a'), 6 + i % 7));
  std::vector<std::string> alone, together(bodies.size());
  for (auto& b : bodies) {
    auto r = post(s->port(), "/v1/completions", b);
    REQUIRE(r);
    alone.push_back(r->body);
  }
  std::vector<std::thread> threads;
  for (size_t i = 0; i < bodies.size(); ++i)
    threads.emplace_back([&, i] {
      // Half of them stream: the streamed text must be the same too.
      if (i % 2) {
        json b = bodies[i];
        b["stream"] = true;
        together[i] = stream_text(stream(s->port(), "/v1/completions", b), false);
      } else {
        auto r = post(s->port(), "/v1/completions", bodies[i]);
        together[i] = r ? json::parse(r->body)["choices"][0]["text"].get<std::string>() : "(no response)";
      }
    });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < bodies.size(); ++i) CHECK_EQ(together[i], json::parse(alone[i])["choices"][0]["text"].get<std::string>());
  const ServeStats st = s->scheduler().stats();
  int64_t multi = 0;
  for (size_t b = 1; b < st.batch_size_counts.size(); ++b) multi += st.batch_size_counts[b];
  CHECK(multi > 0);
}

DSW_TEST(requests_name_their_adapter_and_share_batches) {
  // The base with two random LoRA sets: /v1/models lists them, a request picks one by name, and
  // requests for all three run together with the tokens each gets alone.
  auto base = tiny();
  std::mt19937 rng(11);
  auto make_set = [&](const std::string& name) {
    auto set = std::make_shared<AdapterSet>();
    set->name = name;
    std::normal_distribution<float> nd(0.0f, 0.5f);
    for (const auto& l : base->runner->model()->linears()) {
      LoraWeights w;
      w.a = Tensor::host(DType::f32, {4, l.in_features});
      w.b = Tensor::host(DType::f32, {l.out_features, 4});
      for (int64_t i = 0; i < w.a.numel(); ++i) w.a.data_as<float>()[i] = nd(rng);
      for (int64_t i = 0; i < w.b.numel(); ++i) w.b.data_as<float>()[i] = nd(rng);
      set->modules[l.name] = w;
    }
    return set;
  };
  auto adapted = attach_adapters(base->runner->model(), {make_set("a"), make_set("b")});
  REQUIRE_OK(adapted);
  auto v = std::make_shared<ServedModel>(*base);
  v->model = *adapted;
  v->adapter_ids = {"tiny-a", "tiny-b"};
  SchedulerOptions so;
  so.n_ctx = 256;
  so.max_batch_size = 9;
  HttpServeOptions ho;
  ho.port = 0;
  auto started = HttpServer::start(v, so, ho);
  REQUIRE_OK(started);
  auto& s = *started;
  httplib::Client c("127.0.0.1", s->port());
  auto models = c.Get("/v1/models");
  REQUIRE(models);
  const json ids = json::parse(models->body)["data"];
  REQUIRE(ids.size() == 3);
  CHECK_EQ(ids[1]["id"].get<std::string>(), std::string("tiny-a"));
  const std::vector<std::string> names = {"tiny-1", "tiny-a", "tiny-b"};
  std::vector<json> bodies;
  for (int i = 0; i < 9; ++i) {
    json b = completion("Adapter request " + std::to_string(i), 10);
    b["model"] = names[size_t(i % 3)];
    b["ignore_eos"] = true;
    bodies.push_back(b);
  }
  std::vector<std::string> alone, together(bodies.size());
  for (auto& b : bodies) {
    auto r = post(s->port(), "/v1/completions", b);
    REQUIRE(r && r->status == 200);
    CHECK_EQ(json::parse(r->body)["model"].get<std::string>(), b["model"].get<std::string>());
    alone.push_back(json::parse(r->body)["choices"][0]["text"]);
  }
  std::vector<std::thread> threads;
  for (size_t i = 0; i < bodies.size(); ++i)
    threads.emplace_back([&, i] {
      auto r = post(s->port(), "/v1/completions", bodies[i]);
      together[i] = r ? json::parse(r->body)["choices"][0]["text"].get<std::string>() : "(no response)";
    });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < bodies.size(); ++i) CHECK_EQ(together[i], alone[i]);
  CHECK(alone[0] != alone[1] || alone[1] != alone[2]);  // the adapters change the text
  // A stats window with batches holding several requests (rows of different adapters together).
  const ServeStats st = s->scheduler().stats();
  int64_t multi = 0;
  for (size_t b = 2; b < st.batch_size_counts.size(); ++b) multi += st.batch_size_counts[b];
  CHECK(multi > 0);
}

DSW_TEST(a_client_leaving_mid_stream_frees_its_slot) {
  SchedulerOptions so;
  so.max_batch_size = 1;
  so.n_ctx = 1024;  // a request long enough to outlast the hang-up on any machine
  auto s = start(so);
  json body = completion("Tell me a long story", 1000, true);
  body["ignore_eos"] = true;
  const auto events = stream(s->port(), "/v1/completions", body, 2);  // hangs up after two events
  CHECK(events.size() == 2);
  CHECK(eventually([&] { return s->scheduler().stats().running == 0; }));
  const ServeStats st = s->scheduler().stats();
  CHECK_EQ(st.requests_cancelled, 1);
  CHECK(st.generated_tokens < 1000);
  CHECK(s->metrics_text().find("dsw_serve_client_disconnects_total 1\n") != std::string::npos);
  // The only slot is free again.
  auto next = post(s->port(), "/v1/completions", completion("Next", 3));
  REQUIRE(next);
  CHECK_EQ(next->status, 200);
}

DSW_TEST(bad_requests_get_4xx_json_errors) {
  HttpServeOptions ho;
  ho.max_body_bytes = 4096;
  auto s = start({}, ho);
  httplib::Client c("127.0.0.1", s->port());
  auto check_error = [&](const httplib::Result& r, int status, const std::string& says) {
    REQUIRE(r);
    CHECK_EQ(r->status, status);
    const json j = json::parse(r->body, nullptr, false);
    REQUIRE(j.is_object() && j.contains("error"));
    const std::string msg = j["error"]["message"];
    if (msg.find(says) == std::string::npos) CHECK_EQ(msg, says);
  };
  check_error(c.Post("/v1/completions", "{\"prompt\": ", "application/json"), 400, "invalid JSON");
  check_error(c.Post("/v1/completions", std::string(5000, ' '), "application/json"), 413, "larger than the server accepts");
  check_error(c.Post("/v1/completions", completion("a", 1 << 30).dump(), "application/json"), 400, "maximum context length");
  check_error(c.Post("/v1/chat/completions", "{\"messages\": 3}", "application/json"), 400, "'messages'");
  check_error(c.Get("/v2/nothing"), 404, "no route");
  check_error(c.Post("/admin/swap", "{}", "application/json"), 501, "without a model loader");
  // After all that the server still answers.
  auto ok = c.Post("/v1/completions", completion("a", 2).dump(), "application/json");
  REQUIRE(ok);
  CHECK_EQ(ok->status, 200);
  CHECK(s->metrics_text().find("dsw_serve_http_responses_total{code=\"400\"} 3\n") != std::string::npos);
}

DSW_TEST(an_api_key_is_required_to_bind_beyond_loopback_and_then_checked) {
  HttpServeOptions open;
  open.host = "0.0.0.0";
  open.port = 0;
  auto refused = HttpServer::start(tiny(), {}, open);
  CHECK(refused.status().code() == StatusCode::invalid_input);
  CHECK(refused.status().message().find("API key") != std::string::npos);
  CHECK(is_loopback_host("127.0.0.1") && is_loopback_host("127.3.4.5") && is_loopback_host("localhost"));
  CHECK(!is_loopback_host("0.0.0.0") && !is_loopback_host("192.168.1.2") && !is_loopback_host("::"));

  HttpServeOptions keyed;
  keyed.api_key = "sekrit";
  auto s = start({}, keyed);
  auto none = post(s->port(), "/v1/completions", completion("a", 2));
  REQUIRE(none);
  CHECK_EQ(none->status, 401);
  auto wrong = post(s->port(), "/v1/completions", completion("a", 2), {{"Authorization", "Bearer sekriT"}});
  REQUIRE(wrong);
  CHECK_EQ(wrong->status, 401);
  auto right = post(s->port(), "/v1/completions", completion("a", 2), {{"Authorization", "Bearer sekrit"}});
  REQUIRE(right);
  CHECK_EQ(right->status, 200);
  httplib::Client c("127.0.0.1", s->port());
  auto health = c.Get("/health");
  REQUIRE(health);
  CHECK_EQ(health->status, 200);
}

DSW_TEST(a_full_queue_answers_503_with_retry_after) {
  // A queue of size 0 is always full: every request is turned away at once (the queue bound itself
  // is tested in the scheduler's tests).
  SchedulerOptions so;
  so.max_queue = 0;
  auto s = start(so);
  for (bool stream : {false, true}) {
    auto r = post(s->port(), "/v1/completions", completion("x", 4, stream));
    REQUIRE(r);
    CHECK_EQ(r->status, 503);
    CHECK_EQ(r->get_header_value("Retry-After"), std::string("1"));
    CHECK_EQ(json::parse(r->body)["error"]["code"].get<std::string>(), std::string("server_busy"));
  }
  CHECK_EQ(s->scheduler().stats().requests_rejected, 2);
}

DSW_TEST(hot_swap_under_load_drops_no_request) {
  HttpServeOptions ho;
  ho.loader = [](const std::string& path, const std::string& id) -> Result<std::shared_ptr<const ServedModel>> {
    RunnerOptions o;
    o.require_tokenizer = true;
    o.device.n_threads = 2;
    o.n_ctx = 8;
    auto r = Runner::open(path, o);
    if (!r.is_ok()) return r.status();
    return std::shared_ptr<const ServedModel>(make_served_model(std::shared_ptr<const Runner>(std::move(r).value()), id));
  };
  SchedulerOptions so;
  so.max_batch_size = 8;
  auto s = start(so, ho);
  std::atomic<bool> swapped{false};
  std::atomic<int> ok{0}, failed{0}, after{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c)
    clients.emplace_back([&, c] {
      // Each client keeps sending until a few of its requests came after the swap.
      for (int n = 0, post_swap = 0; n < 400 && post_swap < 3; ++n) {
        const bool was_swapped = swapped;
        json b = completion("client " + std::to_string(c), 16, c % 2 == 1);
        b["ignore_eos"] = true;
        if (c % 3 == 0) b["model"] = "tiny-1";  // as OpenAI clients do: the name they started with
        bool good = false;
        if (c % 2) {
          const auto ev = stream(s->port(), "/v1/completions", b);
          good = ev.size() >= 3 && ev.back() == "[DONE]";
        } else {
          auto r = post(s->port(), "/v1/completions", b);
          good = r && r->status == 200 && json::parse(r->body)["usage"]["completion_tokens"] == 16;
        }
        (good ? ok : failed)++;
        if (was_swapped) post_swap++, after++;
      }
    });
  while (s->scheduler().stats().requests_finished < 6) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto r = post(s->port(), "/admin/swap", {{"path", test::tiny_model_dir("llama", 2).string()}, {"id", "tiny-2"}});
  REQUIRE(r);
  CHECK_EQ(r->status, 200);
  const json sw = json::parse(r->body);
  CHECK_EQ(sw["model"].get<std::string>(), std::string("tiny-2"));
  CHECK(sw["pause_ms"].get<double>() >= 0);
  swapped = true;
  for (auto& t : clients) t.join();
  CHECK_EQ(failed.load(), 0);
  CHECK(after >= 18);
  const ServeStats st = s->scheduler().stats();
  CHECK_EQ(st.swaps, 1);
  CHECK_EQ(st.model_id, std::string("tiny-2"));
  CHECK_EQ(st.requests_cancelled + st.requests_failed, 0);
  // The old name is served by the new version; /v1/models lists only the new one.
  auto old_name = post(s->port(), "/v1/completions", [] {
    json b = completion("after the swap", 4);
    b["model"] = "tiny-1";
    return b;
  }());
  REQUIRE(old_name);
  CHECK_EQ(old_name->status, 200);
  CHECK_EQ(json::parse(old_name->body)["model"].get<std::string>(), std::string("tiny-2"));
  httplib::Client c("127.0.0.1", s->port());
  auto models = c.Get("/v1/models");
  REQUIRE(models);
  const json ids = json::parse(models->body)["data"];
  REQUIRE(ids.size() == 1);
  CHECK_EQ(ids[0]["id"].get<std::string>(), std::string("tiny-2"));
  auto unknown = post(s->port(), "/v1/completions", {{"prompt", "x"}, {"model", "tiny-3"}});
  REQUIRE(unknown);
  CHECK_EQ(unknown->status, 404);
}

DSW_TEST(a_thousand_connections_with_slow_and_vanishing_clients) {
  HttpServeOptions ho;
  ho.read_timeout_s = 1;  // slow clients are dropped after a second
  ho.threads = 64;
  SchedulerOptions so;
  so.max_batch_size = 32;
  so.max_queue = 2048;
  auto s = start(so, ho);
  const int port = s->port();
  const int64_t rss0 = rss_kib();
  // Slow clients: half a request, then nothing.
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i) {
    const int fd = connect_raw(port);
    if (fd >= 0) send_all(fd, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Le");
    slow.push_back(fd);
  }
  // Vanishing clients: a request, then a reset.
  for (int i = 0; i < 50; ++i) {
    const int fd = connect_raw(port);
    if (fd < 0) continue;
    send_all(fd, raw_post("/v1/completions", completion("gone", 50).dump()));
    linger l{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
  }
  // A thousand connections open at once, each with a small request.
  std::vector<int> fds;
  for (int i = 0; i < 1000; ++i) {
    const int fd = connect_raw(port);
    REQUIRE(fd >= 0);
    fds.push_back(fd);
  }
  const std::string small = raw_post("/v1/completions", completion("hello", 2).dump());
  const std::string health = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (size_t i = 0; i < fds.size(); ++i) send_all(fds[i], i % 4 == 3 ? health : small);
  std::map<int, int> statuses;
  for (int fd : fds) {
    statuses[read_status(fd)]++;
    ::close(fd);
  }
  for (int fd : slow)
    if (fd >= 0) ::close(fd);
  // Every connection got an answer: 200, or 503 (busy) at worst.
  CHECK_EQ(statuses[200] + statuses[503], 1000);
  CHECK(statuses[200] >= 750);
  // The server still answers, and holds no request.
  auto after = post(port, "/v1/completions", completion("after", 3));
  REQUIRE(after);
  CHECK_EQ(after->status, 200);
  CHECK(eventually([&] { return s->scheduler().stats().running == 0 && s->scheduler().stats().queue_depth == 0; }));
  // Bounded memory: a thousand connections cost far less than this.
  CHECK(rss_kib() - rss0 < 256 * 1024);
}
