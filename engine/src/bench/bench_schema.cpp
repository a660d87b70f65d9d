// The field table and reflective access generated from DSW_BENCH_FIELDS.
#include <dsw/bench_schema.h>

#include <cstdio>

namespace dsw {

const std::vector<FieldDef>& bench_fields() {
  static const std::vector<FieldDef> fields = {
#define DSW_X(type, name, unit, better, desc) FieldDef{#name, FieldType::type, unit, Better::better, desc},
      DSW_BENCH_FIELDS(DSW_X)
#undef DSW_X
  };
  return fields;
}

namespace {
template <class T>
FieldValue wrap(const std::optional<T>& v) {
  if (!v) return std::monostate{};
  return FieldValue(*v);
}
template <class T>
void assign(std::optional<T>& dst, const FieldValue& v) {
  if (std::holds_alternative<T>(v)) dst = std::get<T>(v);
  else if constexpr (std::is_same_v<T, double>) {
    if (std::holds_alternative<int64_t>(v)) dst = double(std::get<int64_t>(v));
    else dst.reset();
  } else {
    dst.reset();
  }
}
}  // namespace

FieldValue get_field(const BenchRow& row, size_t i) {
  size_t k = 0;
#define DSW_X(type, name, unit, better, desc) \
  if (k++ == i) return wrap(row.name);
  DSW_BENCH_FIELDS(DSW_X)
#undef DSW_X
  return std::monostate{};
}

void set_field(BenchRow& row, size_t i, const FieldValue& v) {
  size_t k = 0;
#define DSW_X(type, name, unit, better, desc) \
  if (k++ == i) {                              \
    assign(row.name, v);                       \
    return;                                    \
  }
  DSW_BENCH_FIELDS(DSW_X)
#undef DSW_X
}

std::optional<size_t> field_index(std::string_view name) {
  const auto& f = bench_fields();
  for (size_t i = 0; i < f.size(); ++i)
    if (f[i].name == name) return i;
  return std::nullopt;
}

std::string format_field(const FieldValue& v, int precision) {
  if (std::holds_alternative<int64_t>(v)) return std::to_string(std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision + 2, std::get<double>(v));
    return buf;
  }
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  return "";
}

}  // namespace dsw
