// Printing benchmark rows (table, JSON) and storing them, shared by the bench commands.
#pragma once

#include <dsw/bench_schema.h>

#include <string>

namespace dsw::cli {

void print_bench_table(const BenchRow& row);
void print_bench_json(const BenchRow& row);
// Appends the row to the store at `db_path` (created if needed); prints the row id.
// Returns 0 or an exit code after reporting the error.
int store_bench_row(const std::string& db_path, BenchRow& row, double duration_s = 0);

}  // namespace dsw::cli
