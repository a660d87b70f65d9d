// Quantization jobs on tiny models of every architecture: coverage of every projection (MLA's
// q_a/q_b, kv_a, kv_b, o included) and of every routed expert, RTN for experts no calibration token
// reached, bad input refused with a message naming the file or option, cancel and kill -9 leave no
// output, and the written GGUF reopens and computes like the in-memory model.
#include "check.h"
#include "tiny_model.h"

#include <dsw/perplexity.h>
#include <dsw/quantize.h>
#include <dsw/runner.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

const char* kText =
    "Once upon a time there was a little fox who lived in a green forest. Every morning the fox ran to the river to "
    "drink and to watch the fish. One day it met a bird with blue wings. The bird said hello and the fox said hello back. "
    "They became friends and played together until the sun went down. The next day they met again by the old tree. ";

fs::path write_file(const std::string& name, const std::string& content) {
  fs::path p = test::temp_dir() / name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

fs::path calib_file() {
  std::string s;
  for (int i = 0; i < 8; ++i) s += kText;
  return write_file("calib.txt", s);
}

QuantizeOptions gptq_options() {
  QuantizeOptions o;
  o.method = QuantMethod::gptq;
  o.bits = 4;
  o.group = 32;
  o.calib_file = calib_file();
  o.calib_samples = 4;
  o.calib_length = 96;
  o.n_threads = 2;
  return o;
}

std::string job_error(QuantizeJobRequest r) {
  auto res = run_quantize_job(r);
  return res.is_ok() ? std::string("ok") : std::string(res.status().message());
}

// Opens a tiny model with its tokenizer required, so a tokenizer that fails to load is reported
// with its reason instead of arriving as a null tokenizer.
Result<std::unique_ptr<Runner>> open_with_tokenizer(const fs::path& dir) {
  RunnerOptions ro;
  ro.require_tokenizer = true;
  return Runner::open(dir, ro);
}

fs::path empty_dir(const std::string& name) {
  fs::path d = test::temp_dir() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

DSW_TEST(mla_and_moe_every_projection_and_expert_is_calibrated) {
  for (const std::string arch : {"deepseek_v3", "deepseek_v2", "deepseek"}) {
    auto model = test::load_tiny_model(arch, 2);
    auto runner = open_with_tokenizer(test::tiny_model_dir(arch));
    REQUIRE_OK(runner);
    auto q = quantize_model(model, (*runner)->tokenizer(), gptq_options());
    REQUIRE_OK(q);
    const QuantizeReport& r = q->report;
    const ModelConfig& c = model->config();
    std::set<std::string> seen;
    for (const auto& l : r.linears) {
      if (l.role == "router") {
        CHECK_EQ(l.method, std::string("kept"));
        continue;
      }
      if (l.role == "attention") {
        const std::string leaf = l.name.substr(l.name.rfind('.') + 1);
        seen.insert(leaf);
        CHECK_EQ(l.method, std::string("gptq"));  // every attention input reaches the tap
        CHECK(l.tokens > 0);
        CHECK(l.output_error >= 0 && l.output_error < 0.5);
      }
      if (l.role == "routed_expert") CHECK((l.tokens > 0) == (l.method == "gptq"));
    }
    if (c.is_mla()) {
      for (const char* p : {"kv_a_proj_with_mqa", "kv_b_proj", "o_proj"}) CHECK(seen.count(p));
      if (c.q_lora_rank > 0) CHECK(seen.count("q_a_proj") && seen.count("q_b_proj"));
      else CHECK(seen.count("q_proj"));
    }
    // Coverage map: each MoE layer routes every calibration token to k experts.
    const int64_t E = c.n_routed_experts, k = c.num_experts_per_tok;
    int64_t zero = 0;
    for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
      if (!c.is_moe_layer(l)) {
        CHECK_EQ(r.expert_tokens[size_t(l * E)], int64_t(-1));
        continue;
      }
      int64_t sum = 0;
      for (int64_t e = 0; e < E; ++e) {
        sum += r.expert_tokens[size_t(l * E + e)];
        zero += r.expert_tokens[size_t(l * E + e)] == 0;
      }
      CHECK_EQ(sum, r.calib_tokens * k);
    }
    CHECK_EQ(int64_t(r.rtn_fallback_experts.size()), zero);
    // The in-memory model runs.
    auto s = Session::create(q->model, {.n_ctx = 32});
    REQUIRE_OK(s);
    std::vector<float> logits;
    REQUIRE_OK((*s)->forward(Batch::sequence({256, 70, 111, 120}, 0), logits));
    CHECK(std::isfinite(logits[0]));
  }
}

DSW_TEST(an_expert_without_tokens_falls_back_to_rtn_and_is_reported) {
  auto model = test::load_tiny_model("deepseek", 2);
  auto runner = open_with_tokenizer(test::tiny_model_dir("deepseek"));
  REQUIRE_OK(runner);
  QuantizeOptions o = gptq_options();
  o.calib_file = write_file("one.txt", "aaaa");  // 5 tokens with BOS: few experts see any
  o.calib_samples = 1;
  o.calib_length = 5;
  auto q = quantize_model(model, (*runner)->tokenizer(), o);
  REQUIRE_OK(q);
  CHECK(!q->report.rtn_fallback_experts.empty());
  for (const auto& l : q->report.linears)
    if (l.role == "routed_expert" && l.tokens == 0) CHECK_EQ(l.method, std::string("rtn (no calibration tokens)"));
}

DSW_TEST(bad_input_is_refused_naming_the_file_or_option) {
  const fs::path model = test::tiny_model_dir("llama");
  const fs::path out_dir = empty_dir("bad_out");
  QuantizeJobRequest r;
  r.model = model;
  r.out = out_dir / "m.gguf";
  r.options = gptq_options();

  auto expect = [&](QuantizeJobRequest req, const std::string& part) {
    const std::string msg = job_error(req);
    if (msg.find(part) == std::string::npos) std::printf("message '%s' lacks '%s'\n", msg.c_str(), part.c_str());
    CHECK(msg.find(part) != std::string::npos);
  };
  {
    auto q = r;
    q.options.calib_file = write_file("empty.txt", " \n");
    expect(q, "empty.txt: the calibration file is empty");
  }
  {
    auto q = r;
    q.options.calib_file = write_file("latin1.txt", std::string("caf\xe9 au lait"));
    expect(q, "latin1.txt: the calibration file is not valid UTF-8");
  }
  {
    auto q = r;
    q.options.calib_file = write_file("bad.jsonl", "{\"text\": \"ok\"}\nnot json\n");
    expect(q, "bad.jsonl line 2");
  }
  {
    auto q = r;
    q.options.calib_file = test::temp_dir() / "missing.txt";
    expect(q, "missing.txt");
  }
  {
    auto q = r;
    q.options.bits = 3;
    expect(q, "--bits must be 4 or 8");
  }
  {
    auto q = r;
    q.options.group = 48;
    expect(q, "--group must be 32, 64, 128 or 0");
  }
  {
    auto q = r;
    q.options.calib_file.clear();
    expect(q, "--method gptq needs a calibration file");
  }
  {
    auto q = r;
    q.out = test::temp_dir() / "no_such_folder" / "m.gguf";
    expect(q, "no_such_folder does not exist");
  }
  {
    auto q = r;
    q.out = out_dir;
    expect(q, "is a folder");
  }
  // A quantised model is refused as input.
  {
    auto q = r;
    q.options.method = QuantMethod::rtn;
    q.options.calib_file.clear();
    REQUIRE_OK(run_quantize_job(q));
    QuantizeJobRequest again = q;
    again.model = q.out;
    again.out = out_dir / "twice.gguf";
    expect(again, "is already quantized");
    CHECK(!fs::exists(again.out));
  }
  CHECK(fs::exists(out_dir / "m.gguf"));
  CHECK(fs::exists(quantize_report_path(out_dir / "m.gguf")));
}

DSW_TEST(written_gguf_computes_like_the_in_memory_model) {
  auto model = test::load_tiny_model("llama", 2);
  auto runner = open_with_tokenizer(test::tiny_model_dir("llama"));
  REQUIRE_OK(runner);
  auto q = quantize_model(model, (*runner)->tokenizer(), gptq_options());
  REQUIRE_OK(q);
  // ffn width 176 is not whole 32-blocks: down_proj falls back to f16, reported.
  bool fallback = false;
  for (const auto& f : q->report.type_fallbacks) fallback |= f.find("down_proj") != std::string::npos;
  CHECK(fallback);
  const fs::path out = empty_dir("roundtrip") / "q.gguf";
  REQUIRE_OK(save_quantized(*q, out, QuantFormat::gguf));
  auto reopened = Runner::open(out, {});
  REQUIRE_OK(reopened);
  CHECK_EQ(std::string(dtype_name((*reopened)->model()->linears()[0].dtype)), std::string("q4_0"));
  const std::vector<int32_t> ids = {256, 72, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100};
  std::vector<float> a, b;
  auto sa = Session::create(q->model, {.n_ctx = 32});
  auto sb = Session::create((*reopened)->model(), {.n_ctx = 32});
  REQUIRE_OK(sa);
  REQUIRE_OK(sb);
  REQUIRE_OK((*sa)->forward(Batch::sequence(ids, 0, 0, true), a));
  REQUIRE_OK((*sb)->forward(Batch::sequence(ids, 0, 0, true), b));
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::fabs(a[i] - b[i])));
  CHECK(worst < 1e-4);  // same weights; the GGUF permutes q/k rows for llama.cpp's rope
}

DSW_TEST(cancel_leaves_nothing) {
  const fs::path dir = empty_dir("cancelled");
  QuantizeJobRequest r;
  r.model = test::tiny_model_dir("llama");
  r.out = dir / "m.gguf";
  r.options = gptq_options();
  JobContext job;
  int calls = 0;
  job.progress = [&](const ProgressEvent& e) { return !(e.phase == "quantize" && ++calls == 1); };
  auto res = run_quantize_job(r, job);
  CHECK(!res.is_ok() && res.status().code() == StatusCode::cancelled);
  CHECK(fs::is_empty(dir));
}

DSW_TEST(kill_9_while_writing_leaves_no_partial_output) {
  const fs::path dir = empty_dir("killed");
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    QuantizeJobRequest r;
    r.model = test::tiny_model_dir("llama");
    r.out = dir / "m.gguf";
    r.options.bits = 8;
    r.options.n_threads = 1;
    JobContext job;
    job.progress = [&](const ProgressEvent& e) {
      if (e.phase == "export" && e.step > 0) {  // part of the tensor data is written
        (void)!write(fds[1], "w", 1);
        sleep(30);  // killed here
      }
      return true;
    };
    (void)run_quantize_job(r, job);
    _exit(0);
  }
  close(fds[1]);
  char c = 0;
  const bool reached = read(fds[0], &c, 1) == 1;
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  CHECK(reached);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // Neither the output, its report nor a temporary file is left in the folder.
  for (const auto& e : fs::directory_iterator(dir)) std::printf("left behind: %s\n", e.path().c_str());
  CHECK(fs::is_empty(dir));
}
