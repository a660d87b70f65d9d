// Benchmark rows as a JSON file: the fallback home of a measurement the store could not take, and
// a source store import reads back.
#include <dsw/store.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json_strict.h"

#include <cmath>

namespace dsw {

Status write_bench_rows_json(const std::vector<BenchRow>& rows, const std::filesystem::path& file) {
  return guard([&] {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    const auto& fields = bench_fields();
    for (const auto& r : rows) {
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      for (size_t i = 0; i < fields.size(); ++i) {
        FieldValue v = get_field(r, i);
        std::string name(fields[i].name);
        if (std::holds_alternative<int64_t>(v)) j[name] = std::get<int64_t>(v);
        else if (std::holds_alternative<double>(v) && std::isfinite(std::get<double>(v))) j[name] = std::get<double>(v);
        else if (std::holds_alternative<std::string>(v)) j[name] = std::get<std::string>(v);
      }
      all.push_back(std::move(j));
    }
    AtomicFile out(file);
    out.write(all.dump(2) + "\n");
    out.commit();
  });
}

Result<std::vector<BenchRow>> read_bench_rows_json(const std::filesystem::path& file) {
  return guard([&] {
    const std::string where = file.string();
    nlohmann::json all = read_json_file(file, InputKind::bench_rows);
    if (!all.is_array()) fail_invalid(where + ": expected a JSON array of benchmark rows, got " + json_type_name(all));
    const auto& fields = bench_fields();
    std::vector<BenchRow> rows;
    for (size_t k = 0; k < all.size(); ++k) {
      const auto& j = all[k];
      const std::string at = where + ": row " + std::to_string(k);
      if (!j.is_object()) fail_invalid(at + " is not an object");
      BenchRow r;
      for (const auto& [key, v] : j.items()) {
        auto i = field_index(key);
        if (!i) fail_invalid(at + ": '" + key + "' is not a benchmark field");
        if (v.is_null()) continue;
        switch (fields[*i].type) {
          case FieldType::integer:
            if (!v.is_number_integer()) fail_invalid(at + ": '" + key + "' must be an integer, got " + json_type_name(v));
            set_field(r, *i, v.get<int64_t>());
            break;
          case FieldType::real:
            if (!v.is_number()) fail_invalid(at + ": '" + key + "' must be a number, got " + json_type_name(v));
            set_field(r, *i, v.get<double>());
            break;
          case FieldType::text:
            if (!v.is_string()) fail_invalid(at + ": '" + key + "' must be a string, got " + json_type_name(v));
            set_field(r, *i, v.get<std::string>());
            break;
        }
      }
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

}  // namespace dsw
