// The fine-tuning job on stories260K (real weights) with TinyStories text: the loss goes down,
// a resumed run reproduces the uninterrupted run's losses exactly, cancelling writes a checkpoint,
// a diverging run stops with a clear message, a run that cannot fit is refused with the estimate,
// and the PEFT adapter written at the end loads back with its audit.
#include "check.h"

#include <dsw/train.h>

#include <atomic>
#include <cstdio>
#include <fstream>

using namespace dsw;
using namespace dsw::test;

namespace {

// GSM8K-like arithmetic stories, one per block: a distribution stories260K has not seen.
std::filesystem::path make_text(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto p = dir / "data.txt";
  std::ofstream f(p);
  const char* names[] = {"Tom", "Lily", "Ben", "Sue", "Max"};
  for (int i = 0; i < 60; ++i) {
    const int a = 2 + i % 7, b = 1 + (i * 3) % 5;
    f << names[i % 5] << " has " << a << " apples. " << names[(i + 1) % 5] << " gives " << names[i % 5] << " " << b
      << " more. Now " << names[i % 5] << " has " << a + b << " apples.\n\n";
  }
  return p;
}

TrainConfig base_config(const std::filesystem::path& out) {
  TrainConfig c;
  c.model = data_file("models/stories260K-hf/config.json").parent_path();
  c.data.path = make_text(out.parent_path() / (out.filename().string() + "_data"));
  c.data.format = DataFormat::text;
  c.data.seq_len = 64;
  c.data.eval_fraction = 0.2;
  c.output_dir = out;
  c.steps = 6;
  c.micro_batch = 2;
  c.grad_accum = 2;
  c.optim.lr = 3e-3;
  c.optim.warmup_steps = 1;
  c.lora.rank = 4;
  c.lora.alpha = 8;
  c.n_threads = 2;
  return c;
}

std::vector<double> losses(const std::filesystem::path& out) {
  std::vector<double> v;
  std::ifstream in(out / "metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto p = line.find("\"loss\":");
    if (p != std::string::npos) v.push_back(std::stod(line.substr(p + 7)));
  }
  return v;
}

}  // namespace

DSW_TEST(lora_run_learns_and_resumes_exactly) {
  const auto dir = temp_dir();
  TrainConfig c = base_config(dir / "full_run");
  std::vector<TrainStepReport> reports;
  auto r = finetune(c, no_job(), [&](const TrainStepReport& s) { reports.push_back(s); });
  REQUIRE_OK(r);
  REQUIRE(reports.size() == 6);
  REQUIRE(r->first_eval_loss && r->final_eval_loss);
  std::printf("    eval loss %.4f -> %.4f, train loss %.4f -> %.4f, %s\n", *r->first_eval_loss, *r->final_eval_loss, reports[0].loss,
              reports.back().loss, r->audit.summary().c_str());
  CHECK(*r->final_eval_loss < *r->first_eval_loss);
  CHECK(reports.back().layer_grad_norm.size() == 5);
  CHECK(std::filesystem::exists(r->adapter_dir / "adapter_config.json"));

  // Interrupted after 3 steps (progress callback cancels), then resumed.
  TrainConfig c2 = base_config(dir / "interrupted");
  JobContext job;
  job.progress = [](const ProgressEvent& e) { return !(e.phase == "train" && e.step == 3); };
  auto r2 = finetune(c2, job);
  CHECK(r2.status().code() == StatusCode::cancelled);
  c2.resume = true;
  auto r3 = finetune(c2);
  REQUIRE_OK(r3);
  auto a = losses(dir / "full_run"), b = losses(dir / "interrupted");
  REQUIRE(a.size() == 6);
  REQUIRE(b.size() == 6);
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
  CHECK(*r->final_eval_loss == *r3->final_eval_loss);

  // The adapter reloads onto the model with every module accounted for.
  auto files = open_model(c.model);
  REQUIRE_OK(files);
  auto ad = load_peft_adapter(*files, r->adapter_dir);
  REQUIRE_OK(ad);
  CHECK_EQ(ad->audit.adapted, r->audit.adapted);
}

DSW_TEST(diverging_run_stops_with_a_message) {
  TrainConfig c = base_config(temp_dir() / "diverge");
  c.optim.lr = 1e30;
  c.optim.warmup_steps = 0;
  c.optim.max_grad_norm = 0;
  auto r = finetune(c);
  REQUIRE(!r.is_ok());
  std::printf("    %s\n", r.status().to_string().c_str());
  CHECK(r.status().message().find("non-finite") != std::string::npos);
}

DSW_TEST(run_that_cannot_fit_is_refused_with_the_estimate) {
  TrainConfig c = base_config(temp_dir() / "oom");
  c.memory_limit_bytes = 1 << 20;
  auto r = finetune(c);
  CHECK(r.status().code() == StatusCode::out_of_memory);
  std::printf("    %s\n", r.status().message().c_str());
  CHECK(r.status().message().find("weights") != std::string::npos);
}
