// Comparisons across different settings: runs that differ in threads, device, precision, prompt or
// generation length, batch, context, tokenizer or text file are listed as differing, and the
// metrics those settings affect get "settings differ" instead of better/worse — unless the caller
// asks for verdicts across them. Reports say so too.
#include "check.h"

#include <dsw/compare.h>
#include <dsw/report.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace dsw;
using namespace dsw::test;

namespace {

BenchRow speed_row(int64_t threads, double decode) {
  BenchRow r;
  r.id = threads;
  r.suite = "speed";
  r.label = "t" + std::to_string(threads);
  r.model_path = "/models/stories260K";
  r.device = "cpu";
  r.threads = threads;
  r.precision = "f32";
  r.prompt_tokens = 128;
  r.gen_tokens = 32;
  r.batch = 1;
  r.decode_tps = decode;
  r.decode_tps_spread = decode * 0.01;
  r.prefill_tps = decode * 10;
  r.perplexity = 12.5;
  return r;
}

const MetricRow& metric(const Comparison& c, const std::string& field) {
  for (const auto& m : c.metrics)
    if (m.field == field) return m;
  throw std::runtime_error("no metric " + field);
}

}  // namespace

DSW_TEST(same_settings_get_verdicts) {
  const auto c = compare_runs({speed_row(2, 1000), speed_row(2, 500)});
  CHECK(!c.any_differences());
  CHECK(metric(c, "decode_tps").verdict[1] == Verdict::worse);
}

DSW_TEST(different_threads_get_no_verdict_on_speed) {
  // The reported case: a GUI run with 1 thread against a CLI run with 2 threads.
  const auto c = compare_runs({speed_row(2, 8600), speed_row(1, 1000)});
  REQUIRE(c.differences.size() == 2);
  REQUIRE(c.differences[1].size() == 1);
  CHECK_EQ(c.differences[1][0].setting, std::string("threads"));
  CHECK_EQ(describe_differences(c.differences[1]), std::string("threads 2 vs 1"));
  const auto& decode = metric(c, "decode_tps");
  CHECK(decode.verdict[1] == Verdict::settings_differ);
  CHECK(decode.ratio[1].has_value());  // the numbers are still there
  CHECK_EQ(std::string(verdict_name(decode.verdict[1])), std::string("settings differ"));
  // Threads do not change perplexity: that verdict stands.
  CHECK(metric(c, "perplexity").verdict[1] == Verdict::same);
}

DSW_TEST(verdicts_across_settings_only_when_asked) {
  const auto c = compare_runs({speed_row(2, 8600), speed_row(1, 1000)}, {.verdicts_across_settings = true});
  CHECK(c.any_differences());
  CHECK(metric(c, "decode_tps").verdict[1] == Verdict::worse);
}

DSW_TEST(every_listed_setting_is_checked) {
  BenchRow a = speed_row(2, 100), b = a;
  b.device = "cuda:0";
  b.precision = "q8_0";
  b.prompt_tokens = 512;
  b.gen_tokens = 128;
  b.batch = 4;
  b.tokenizer = "other/tokenizer.json";
  a.tokenizer = "tokenizer.json";
  const auto d = setting_differences(a, b);
  std::string names;
  for (const auto& x : d) names += x.setting + ",";
  CHECK_EQ(names, std::string("device,precision,prompt_tokens,gen_tokens,batch,tokenizer,"));
  // A setting only one run records is not a difference (older rows lack some).
  BenchRow c = a;
  c.threads.reset();
  CHECK(setting_differences(a, c).empty());
}

DSW_TEST(copies_of_one_tokenizer_file_are_the_same_tokenizer) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "dsw_compare_tok" / std::to_string(::getpid());
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  fs::create_directories(dir / "c");
  auto write = [](const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; };
  write(dir / "a" / "tokenizer.model", "the same vocabulary");
  write(dir / "b" / "tokenizer.model", "the same vocabulary");
  write(dir / "c" / "tokenizer.model", "another vocabulary!");
  BenchRow a = speed_row(2, 100), b = a, c = a, gone = a;
  a.tokenizer = (dir / "a" / "tokenizer.model").string();
  b.tokenizer = (dir / "b" / "tokenizer.model").string();
  c.tokenizer = (dir / "c" / "tokenizer.model").string();
  gone.tokenizer = (dir / "missing" / "tokenizer.model").string();
  CHECK(setting_differences(a, b).empty());            // a copy in another folder
  CHECK_EQ(setting_differences(a, c).size(), size_t(1));  // same size, other bytes
  CHECK_EQ(setting_differences(a, gone).size(), size_t(1));  // cannot be read: compared by path
  BenchRow folder = a;
  folder.tokenizer = (dir / "b").string();  // not a regular file: compared by path, never opened
  CHECK_EQ(setting_differences(a, folder).size(), size_t(1));
  fs::remove_all(dir);
}

DSW_TEST(precision_affects_every_metric_threads_only_speed) {
  CHECK(setting_affects("precision", "perplexity"));
  CHECK(setting_affects("threads", "decode_tps"));
  CHECK(!setting_affects("threads", "perplexity"));
  CHECK(!setting_affects("threads", "peak_host_mb"));
  CHECK(setting_affects("ctx", "perplexity"));
  CHECK(!setting_affects("ctx", "decode_tps"));
}

DSW_TEST(reports_name_the_differences) {
  const auto c = compare_runs({speed_row(2, 8600), speed_row(1, 1000)});
  const std::string md = render_report(c, ReportFormat::markdown);
  CHECK(md.find("Settings that differ from the baseline") != std::string::npos);
  CHECK(md.find("t1: threads 2 vs 1") != std::string::npos);
  CHECK(md.find("(settings differ)") != std::string::npos);
  const std::string json = render_report(c, ReportFormat::json);
  CHECK(json.find("\"settings_differ\"") != std::string::npos);
  CHECK(json.find("\"setting\": \"threads\"") != std::string::npos);
}

DSW_TEST(quality_rows_against_different_references_get_no_verdict) {
  BenchRow a, b;
  a.suite = b.suite = "quality";
  a.id = 1, b.id = 2;
  a.reference_path = "/models/base-bf16";
  b.reference_path = "/models/other-bf16";
  a.kld_mean = 0.01;
  b.kld_mean = 0.2;
  const auto c = compare_runs({a, b});
  REQUIRE(c.differences[1].size() == 1);
  CHECK_EQ(c.differences[1][0].setting, std::string("reference_path"));
  CHECK(metric(c, "kld_mean").verdict[1] == Verdict::settings_differ);
  b.reference_path = a.reference_path;
  CHECK(metric(compare_runs({a, b}), "kld_mean").verdict[1] == Verdict::worse);
}
