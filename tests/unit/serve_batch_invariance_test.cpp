// A request's logits do not depend on the batch around it (SessionOptions::batch_invariant, what
// the serving scheduler uses), bit for bit, on the weight types that take different kernels for one
// row, a few rows and many: bf16 (on AMX: the tile product for 1..64 rows, the prefill GEMM above;
// elsewhere the one-pass GEMV), repacked Q8_0 / Q4_0 (packed GEMV, int8 GEMM above 8 rows) with
// the f16 weights RTN leaves beside them, and f32.
//
// One sequence is fed alone as the scheduler feeds a lone request — its prompt in one chunk, then
// one row per decode step, greedy — and then beside 1..69 companion sequences whose rows come before
// and after its own, its prompt in smaller chunks, so its rows meet every kernel's row range. Every
// logit of every one of its positions must be the same float. (Tokens alone would hide a difference
// of ~2^-16 that flips only near-ties.)
#include "check.h"
#include "tiny_model.h"

#include <dsw/make_model.h>
#include <dsw/model.h>
#include <dsw/model_files.h>
#include <dsw/quantize.h>
#include <dsw/session.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

constexpr int kPromptLength = 11, kDecodeSteps = 6, kMaxCompanions = 69;

std::shared_ptr<Model> load(const fs::path& path) {
  auto files = open_model(path);
  REQUIRE_OK(files);
  LoadOptions lo;
  lo.device.n_threads = 2;
  auto model = Model::load(std::move(files).value(), lo);
  REQUIRE_OK(model);
  return std::move(model).value();
}

// A random-weight bf16 checkpoint of a tiny preset with a small vocabulary.
std::shared_ptr<Model> bf16_model(const std::string& arch, int64_t intermediate) {
  auto c = preset_config(arch, "tiny");
  REQUIRE_OK(c);
  ModelConfig config = *c;
  config.vocab_size = 512;
  config.bos_token_id = 1;
  config.eos_token_ids = {2};
  if (intermediate > 0) config.intermediate_size = intermediate;
  const fs::path dir = test::temp_dir() / ("invariance_bf16_" + arch);
  fs::remove_all(dir);
  MakeModelOptions o;
  o.dtype = DType::bf16;
  o.init_std = 0.1f;  // logits far from uniform, so greedy tokens vary
  REQUIRE_OK(make_random_model(config, o, dir));
  return load(dir);
}

// The tiny f32 llama quantised by RTN (down_proj, 176 wide, stays f16; head Q8_0).
std::shared_ptr<Model> quantised_model(int bits) {
  QuantizeOptions o;
  o.method = QuantMethod::rtn;
  o.bits = bits;
  o.group = 32;
  o.n_threads = 2;
  auto q = quantize_model(test::load_tiny_model("llama", 2, 3), nullptr, o);
  REQUIRE_OK(q);
  const fs::path dir = test::temp_dir() / ("invariance_q" + std::to_string(bits));
  fs::remove_all(dir);
  fs::create_directories(dir);
  REQUIRE_OK(save_quantized(*q, dir / "q.gguf", QuantFormat::gguf));
  return load(dir / "q.gguf");
}

std::unique_ptr<Session> session(const std::shared_ptr<Model>& m, bool invariant) {
  SessionOptions o;
  o.n_ctx = 32;
  o.n_seq = kMaxCompanions + 1;
  o.n_batch = 4096;
  o.batch_invariant = invariant;
  auto s = Session::create(m, o);
  REQUIRE_OK(s);
  return std::move(s).value();
}

std::vector<int32_t> prompt(int64_t vocab) {
  std::vector<int32_t> p = {1};
  for (int i = 1; i < kPromptLength; ++i) p.push_back(int32_t(3 + (i * 37) % (vocab - 3)));
  return p;
}

int32_t argmax(const float* row, int64_t n) { return int32_t(std::max_element(row, row + n) - row); }

// The target alone (sequence 0): prompt in one chunk with every row's logits, then greedy decode one
// row a step. Returns [kPromptLength + kDecodeSteps, vocab] logits; `fed` gets the decoded tokens.
std::vector<float> alone(Session& s, std::vector<int32_t>& fed) {
  s.clear();
  const int64_t V = s.vocab_size();
  std::vector<float> all, out;
  REQUIRE_OK(s.forward(Batch::sequence(prompt(V), 0, 0, true), all));
  fed.clear();
  for (int i = 0; i < kDecodeSteps; ++i) {
    fed.push_back(argmax(all.data() + all.size() - size_t(V), V));
    REQUIRE_OK(s.forward(Batch::sequence({fed.back()}, kPromptLength + i, 0), out));
    all.insert(all.end(), out.begin(), out.end());
  }
  return all;
}

// The target beside `companions` other sequences (one row each per step, half before its rows and
// half after, every other one wanting logits), its prompt in chunks of `chunk` rows, then the tokens
// the lone run decoded. Returns the target's logits as alone() does.
std::vector<float> together(Session& s, int companions, int chunk, const std::vector<int32_t>& fed) {
  s.clear();
  const int64_t V = s.vocab_size();
  const auto p = prompt(V);
  std::vector<float> mine, out;
  Batch b;
  int fed_prompt = 0, decoded = 0;
  for (int step = 0; decoded < kDecodeSteps; ++step) {
    b.clear();
    auto add_companions = [&](int first, int last) {
      for (int j = first; j < last; ++j)
        b.add(int32_t(3 + (j * 11 + step * 5) % (V - 3)), step, 1 + j, j % 2 == 0);
    };
    add_companions(0, companions / 2);
    // The target's rows: the logits rows it asked for are counted from here.
    int64_t before = 0;
    for (size_t r = 0; r < b.size(); ++r) before += b.want_logits[r] ? 1 : 0;
    int mine_rows = 0;
    if (fed_prompt < kPromptLength) {
      const int n = std::min(chunk, kPromptLength - fed_prompt);
      for (int i = 0; i < n; ++i) b.add(p[size_t(fed_prompt + i)], fed_prompt + i, 0, true);
      fed_prompt += n;
      mine_rows = n;
    } else {
      b.add(fed[size_t(decoded)], kPromptLength + decoded, 0, true);
      ++decoded;
      mine_rows = 1;
    }
    add_companions(companions / 2, companions);
    REQUIRE_OK(s.forward(b, out));
    mine.insert(mine.end(), out.begin() + before * V, out.begin() + (before + mine_rows) * V);
  }
  return mine;
}

// Positions of the target whose logits differ from the lone run in any bit, and the largest
// relative difference.
struct Mismatch {
  int positions = 0;
  double worst = 0;
};

Mismatch compare(const std::vector<float>& a, const std::vector<float>& b, int64_t V) {
  REQUIRE(a.size() == b.size());
  Mismatch m;
  for (size_t t = 0; t < a.size() / size_t(V); ++t) {
    const float* x = a.data() + t * size_t(V);
    const float* y = b.data() + t * size_t(V);
    if (std::memcmp(x, y, size_t(V) * sizeof(float)) == 0) continue;
    ++m.positions;
    double scale = 0, diff = 0;
    for (int64_t j = 0; j < V; ++j) {
      scale = std::max(scale, double(std::fabs(y[j])));
      diff = std::max(diff, double(std::fabs(x[j] - y[j])));
    }
    m.worst = std::max(m.worst, diff / std::max(scale, 1e-30));
  }
  return m;
}

// Every batch shape against the lone run; returns the mismatching runs.
int check_model(const std::string& name, const std::shared_ptr<Model>& model, bool invariant) {
  auto s = session(model, invariant);
  std::vector<int32_t> fed;
  const auto ref = alone(*s, fed);
  // (companions, prompt chunk): a lone chunked prompt; a few rows (GEMV range); 9..64 rows (the
  // small-batch tile product); past 64 rows (the prefill GEMMs).
  const std::pair<int, int> shapes[] = {{0, 4}, {1, 11}, {4, 3}, {15, 11}, {40, 5}, {kMaxCompanions, 11}, {kMaxCompanions, 1}};
  int failed = 0;
  for (auto [companions, chunk] : shapes) {
    const Mismatch m = compare(together(*s, companions, chunk, fed), ref, s->vocab_size());
    if (m.positions) {
      ++failed;
      std::printf("    %s%s: %d companions, chunks of %d: %d of %d positions differ (up to %.1e relative)\n", name.c_str(),
                  invariant ? "" : " (default session)", companions, chunk, m.positions, kPromptLength + kDecodeSteps, m.worst);
    }
  }
  return failed;
}

void check_invariant(const std::string& name, const std::shared_ptr<Model>& model) {
  CHECK_EQ(check_model(name, model, true), 0);
  // The default session may differ (kernels by row count): shown, not required.
  if (const int n = check_model(name, model, false); n == 0) std::printf("    %s (default session): identical too\n", name.c_str());
}

}  // namespace

DSW_TEST(bf16_logits_alone_equal_logits_in_any_batch) {
  check_invariant("bf16 llama", bf16_model("llama", 192));  // every K a multiple of 32 (AMX tiles)
  check_invariant("bf16 llama, K = 176", bf16_model("llama", 0));  // down_proj off the tile path
  check_invariant("bf16 deepseek_v3 (MLA, MoE)", bf16_model("deepseek_v3", 0));
}

DSW_TEST(quantised_and_f32_logits_alone_equal_logits_in_any_batch) {
  check_invariant("Q8_0", quantised_model(8));
  check_invariant("Q4_0", quantised_model(4));
  check_invariant("f32 llama", test::load_tiny_model("llama", 2, 1));
}
