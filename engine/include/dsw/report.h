// Reports of benchmark runs and their comparison as Markdown, CSV or JSON (Qt-free; the GUI adds
// HTML and PDF with charts). The numbers written are the stored values, unrounded in CSV/JSON and
// with 6 significant digits in Markdown tables.
#pragma once

#include <dsw/compare.h>
#include <dsw/status.h>

#include <filesystem>
#include <string>

namespace dsw {

enum class ReportFormat { markdown, csv, json };
// From an output file name: .md, .csv, .json; nullopt otherwise.
std::optional<ReportFormat> report_format_for(const std::filesystem::path& path);

std::string render_report(const Comparison& comparison, ReportFormat format);

// Renders and writes atomically.
Status write_report(const Comparison& comparison, const std::filesystem::path& path);

// Formats a number as the Markdown report does (6 significant digits).
std::string format_number(double v);

// Formats a derived difference (a delta or a ratio) to 3 significant digits, whole numbers from
// 100 on: these are read, not parsed, and more digits than the noise would be false precision.
std::string format_change(double v);

}  // namespace dsw
