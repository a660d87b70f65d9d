// Reports carry the stored numbers: the Markdown table parsed back equals the rows to the six
// significant digits it prints; CSV and JSON round-trip exactly.
#include "check.h"

#include <dsw/report.h>
#include <dsw/store.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace dsw;
using namespace dsw::test;

namespace {

std::vector<BenchRow> stored_rows(const std::filesystem::path& db) {
  auto s = Store::open(db);
  REQUIRE_OK(s);
  for (int i = 0; i < 3; ++i) {
    BenchRow r;
    r.label = "v" + std::to_string(i);
    r.model_path = "/m/model" + std::to_string(i);
    r.suite = "speed";
    r.prefill_tps = 123.456789 * (i + 1);
    r.decode_tps = 9.87654321 + i;
    r.decode_tps_spread = 0.1;
    r.decode_cv = 0.012345;
    r.ttft_ms = 1234.5678 / (i + 1);
    r.latency_p50_ms = 101.0 + i;
    r.peak_host_mb = 2048.25;
    REQUIRE_OK((*s)->insert_bench(r));
  }
  auto rows = (*s)->list_bench({});
  REQUIRE_OK(rows);
  return *rows;
}

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|' && line[i - 1] != '\\') {
      size_t a = cur.find_first_not_of(' '), b = cur.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : cur.substr(a, b - a + 1));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return cells;
}

}  // namespace

DSW_TEST(markdown_numbers_equal_the_stored_ones) {
  auto rows = stored_rows(temp_dir() / "r.db");
  auto md = render_report(compare_runs(rows), ReportFormat::markdown);
  std::istringstream in(md);
  std::string line;
  std::map<std::string, std::vector<std::string>> table;  // metric -> cells
  bool in_metrics = false;
  while (std::getline(in, line)) {
    if (line.rfind("## Metrics", 0) == 0) in_metrics = true;
    if (!in_metrics || line.rfind("| ", 0) != 0 || line.rfind("| metric", 0) == 0) continue;
    auto cells = split_cells(line);
    table[cells[0]] = cells;
  }
  int checked = 0;
  for (const char* f : {"prefill_tps", "decode_tps", "ttft_ms", "latency_p50_ms", "peak_host_mb", "decode_cv"}) {
    REQUIRE(table.count(f));
    const size_t idx = *field_index(f);
    for (size_t k = 0; k < rows.size(); ++k) {
      const double stored = std::get<double>(get_field(rows[k], idx));
      const double shown = std::stod(table[f][3 + k]);
      CHECK(std::fabs(shown - stored) <= 5e-6 * std::fabs(stored));  // six significant digits
      ++checked;
    }
  }
  CHECK_EQ(checked, 18);
}

DSW_TEST(csv_and_json_round_trip_exactly) {
  auto rows = stored_rows(temp_dir() / "r.db");
  auto cmp = compare_runs(rows);
  auto csv = render_report(cmp, ReportFormat::csv);
  std::istringstream in(csv);
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> names;
  {
    std::istringstream h(header);
    std::string n;
    while (std::getline(h, n, ',')) names.push_back(n);
  }
  CHECK_EQ(names.size(), bench_fields().size());
  size_t k = 0;
  while (std::getline(in, line) && k < rows.size()) {
    std::istringstream l(line);
    std::string cell;
    for (size_t i = 0; i < names.size() && std::getline(l, cell, ','); ++i) {
      FieldValue v = get_field(rows[k], i);
      if (std::holds_alternative<double>(v)) CHECK_EQ(std::stod(cell), std::get<double>(v));
    }
    ++k;
  }
  CHECK_EQ(k, rows.size());
  auto j = nlohmann::json::parse(render_report(cmp, ReportFormat::json));
  CHECK_EQ(j["runs"].size(), rows.size());
  CHECK_EQ(j["runs"][1]["decode_tps"].get<double>(), *rows[1].decode_tps);
}

DSW_TEST(write_report_refuses_unknown_formats_atomically) {
  auto dir = temp_dir();
  auto rows = stored_rows(dir / "r.db");
  CHECK(write_report(compare_runs(rows), dir / "r.docx").code() == StatusCode::invalid_input);
  CHECK(!std::filesystem::exists(dir / "r.docx"));
  REQUIRE_OK(write_report(compare_runs(rows), dir / "r.md"));
  CHECK(std::filesystem::file_size(dir / "r.md") > 100u);
}

DSW_TEST(changes_are_shown_to_three_significant_digits) {
  CHECK_EQ(format_change(1.0062418), std::string("1.01"));
  CHECK_EQ(format_change(0.0257878), std::string("0.0258"));
  CHECK_EQ(format_change(-1.34018), std::string("-1.34"));
  CHECK_EQ(format_change(-1330.4), std::string("-1330"));
  CHECK_EQ(format_change(99.96), std::string("100"));
  CHECK_EQ(format_number(5.13464123), std::string("5.13464"));  // stored values keep 6 digits
}
