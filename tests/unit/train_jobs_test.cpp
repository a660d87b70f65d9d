// Fine-tuning jobs on tiny random models (tests/support/tiny_model.h: no downloaded data, fast even
// under AddressSanitizer): a LoRA run on a dense and an MoE + MLA model reports every step and
// writes a PEFT adapter; a cancelled run resumes to the same losses as an uninterrupted one; the
// data preview shows the run's own rows with the prompt masked; the metrics read back; the adapter
// opens beside its base through the Runner with its audit; and the eval-split suite scores the base
// and the adapted model on the run's held-out rows with the run's own eval losses.
#include "check.h"
#include "tiny_model.h"

#include <dsw/runner.h>
#include <dsw/train.h>

#include <cmath>
#include <fstream>

using namespace dsw;
using namespace dsw::test;

namespace {

std::filesystem::path make_qa(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto p = dir / "qa.jsonl";
  std::ofstream f(p);
  for (int i = 0; i < 24; ++i)
    f << "{\"question\": \"What is " << i << " plus 2?\", \"answer\": \"" << i << " plus 2 is " << i + 2 << ".\"}\n";
  return p;
}

TrainConfig tiny_config(const std::string& arch, const std::filesystem::path& out) {
  TrainConfig c;
  c.model = tiny_model_dir(arch);
  c.data.path = make_qa(out.parent_path() / (out.filename().string() + "_data"));
  c.data.format = DataFormat::prompt_response;
  c.data.seq_len = 40;
  c.data.eval_fraction = 0.25;
  c.output_dir = out;
  c.steps = 4;
  c.micro_batch = 2;
  c.optim.lr = 5e-3;
  c.optim.warmup_steps = 1;
  c.lora.rank = 4;
  c.lora.alpha = 8;
  c.lora.target_modules = {"all-linear"};
  c.eval_every = 2;
  c.checkpoint_every = 2;
  c.n_threads = 1;
  return c;
}

}  // namespace

DSW_TEST(lora_runs_report_steps_and_resume_exactly) {
  const auto dir = temp_dir();
  for (const std::string arch : {"llama", "deepseek_v3"}) {
    TrainConfig c = tiny_config(arch, dir / (arch + "_full"));
    std::vector<TrainStepReport> all;
    auto r = finetune(c, no_job(), [&](const TrainStepReport& s) { all.push_back(s); });
    REQUIRE_OK(r);
    REQUIRE(all.size() == 4);
    for (const auto& s : all) {
      CHECK(std::isfinite(s.loss) && s.loss > 0);
      CHECK(s.grad_norm > 0);
      CHECK(!s.layer_grad_norm.empty());
    }
    CHECK(all[1].eval_loss && all[3].eval_loss);
    if (arch == "deepseek_v3") {
      CHECK(!all[0].expert_load.empty());
      CHECK(r->audit.experts_total > 0 && r->audit.experts_adapted == r->audit.experts_total);
    }
    CHECK(std::filesystem::exists(r->adapter_dir / "adapter_model.safetensors"));

    // The metrics as read back: the eval before training (step 0), then one report per step.
    auto metrics = read_run_metrics(c.output_dir);
    REQUIRE_OK(metrics);
    REQUIRE(metrics->size() == 5);
    CHECK((*metrics)[0].step == 0 && (*metrics)[0].eval_loss.has_value());
    for (size_t i = 0; i < 4; ++i) CHECK((*metrics)[i + 1].loss == all[i].loss);

    // Cancelled after the second step (the progress callback's answer), then resumed.
    TrainConfig c2 = tiny_config(arch, dir / (arch + "_resumed"));
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    auto first = finetune(c2, job, [&](const TrainStepReport& s) {
      if (s.step == 2) cancel = true;
    });
    REQUIRE(!first.is_ok());
    CHECK(first.status().code() == StatusCode::cancelled);
    c2.resume = true;
    auto second = finetune(c2);
    REQUIRE_OK(second);
    auto resumed = read_run_metrics(c2.output_dir);
    REQUIRE_OK(resumed);
    REQUIRE(resumed->size() == metrics->size());
    for (size_t i = 0; i < resumed->size(); ++i) {
      CHECK_EQ((*resumed)[i].loss, (*metrics)[i].loss);
      CHECK((*resumed)[i].eval_loss == (*metrics)[i].eval_loss);
    }
  }
}

DSW_TEST(preview_shows_the_rows_with_prompts_masked) {
  const auto dir = temp_dir();
  TrainConfig c = tiny_config("llama", dir / "preview");
  c.data.seq_len = 80;  // room for the whole answer: the tiny tokenizer spends a token on most bytes
  auto p = preview_training_data(c, 3, 1);
  REQUIRE_OK(p);
  CHECK_EQ(p->examples, 24);
  CHECK_EQ(p->eval_rows, 6);
  CHECK_EQ(p->train_rows, 18);
  REQUIRE(p->rows.size() == 4);
  CHECK(!p->rows[0].eval && p->rows[3].eval);
  for (const auto& row : p->rows) {
    std::string prompt, answer;
    for (const auto& t : row.tokens) (t.scored ? answer : prompt) += t.text;
    CHECK(prompt.find("What is") != std::string::npos);
    CHECK(answer.find("plus 2 is") != std::string::npos);
    CHECK(answer.find("What") == std::string::npos);
    CHECK(row.scored > 0 && row.scored < int64_t(row.tokens.size()));
    // The model folder's tokenizer_config.json asks for BOS (add_bos_token), as the inference path
    // (Runner) reads it: training rows begin with it too, or the adapter learns from other tokens.
    CHECK_EQ(row.tokens.front().id, 256);
  }
  // A chat template in the folder's tokenizer_config.json renders the rows, as in inference.
  const auto templated = dir / "templated_model";
  std::filesystem::copy(c.model, templated, std::filesystem::copy_options::recursive);
  std::ofstream(templated / "tokenizer_config.json")
      << R"({"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": true, "chat_template": )"
         R"("{% for m in messages %}{% if m['role'] == 'user' %}<\uff5cUser\uff5c>{{ m['content'] }})"
         R"({% else %}<\uff5cAssistant\uff5c>{{ m['content'] }}{% endif %}{% endfor %}"})";
  TrainConfig t = c;
  t.model = templated;
  auto tp = preview_training_data(t, 1, 0);
  REQUIRE_OK(tp);
  CHECK_EQ(tp->chat_template, std::string("deepseek_v3"));
  c.data.path = dir / "missing.jsonl";
  auto missing = preview_training_data(c);
  REQUIRE(!missing.is_ok());
  CHECK(missing.status().message().find("missing.jsonl") != std::string::npos);
}

DSW_TEST(adapter_opens_beside_its_base_and_eval_split_compares_them) {
  const auto dir = temp_dir();
  TrainConfig c = tiny_config("deepseek_v3", dir / "run");
  c.steps = 6;
  c.optim.lr = 2e-2;
  auto r = finetune(c);
  REQUIRE_OK(r);

  RunnerOptions o;
  o.device.n_threads = 1;
  auto base = Runner::open(c.model, o);
  REQUIRE_OK(base);
  o.adapters = {r->adapter_dir};
  auto tuned = Runner::open(c.model, o);
  REQUIRE_OK(tuned);
  REQUIRE((*tuned)->adapters().size() == 1);
  const AttachedAdapter& a = (*tuned)->adapters()[0];
  CHECK_EQ(a.name, std::string("run"));  // <run>/adapter is named after its run
  CHECK(a.audit.experts_total > 0 && a.audit.experts_adapted == a.audit.experts_total);
  CHECK((*tuned)->model()->description().find("+ run") != std::string::npos);

  BenchRequest req;
  req.suite = "eval-split";
  req.train_run = c.output_dir;
  req.hash = false;
  auto before = (*base)->bench(req);
  auto after = (*tuned)->bench(req);
  REQUIRE_OK(before);
  REQUIRE_OK(after);
  const BenchRow& b = before->front();
  const BenchRow& t = after->front();
  REQUIRE(b.perplexity && t.perplexity && b.mean_nll && t.mean_nll);
  CHECK(b.suite == std::string("perplexity"));
  CHECK(b.eval_file->find("(eval split)") != std::string::npos);
  // Training lowered the held-out loss, and the suite sees it: through the inference path it scores
  // the run's own eval rows, so it gives the run's eval loss before training (base) and after its
  // last step (adapter) — the same tokens, BOS included, the same masked prompts.
  CHECK(*t.perplexity < *b.perplexity);
  REQUIRE(r->first_eval_loss && r->final_eval_loss);
  CHECK_NEAR(*b.mean_nll, *r->first_eval_loss, 1e-5 * *r->first_eval_loss);
  CHECK_NEAR(*t.mean_nll, *r->final_eval_loss, 1e-5 * *r->final_eval_loss);

  // A folder that is not a run is refused with its name.
  req.train_run = dir / "nowhere";
  auto bad = (*base)->bench(req);
  REQUIRE(!bad.is_ok());
  CHECK(bad.status().message().find("nowhere") != std::string::npos);
}
