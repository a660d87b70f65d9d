// Formatting helpers shared by the views: numbers, byte sizes, large counts, durations, rates and
// probabilities — every figure the interface shows goes through here, so the interface shows 3–4
// significant digits with a unit that fits ("5.79 ms", "260K", "< 0.0001") and never a raw
// double ("0.0651941"). Exports (reports, CSV, JSON, the clipboard's raw values) do not use these:
// they keep full precision.
//
// Pure functions of plain values; units that are words use translatable strings (context "Format").
// Threading: any thread (no shared state).
#pragma once

#include <QString>
#include <QtGlobal>

namespace Format {

// A plain number with `digits` significant digits and no exponent: 0.0651941 -> "0.06519",
// 12345.6 -> "12346", 2.5 -> "2.5". Non-zero magnitudes below `floor` read "< 0.0001" (or
// "> -0.0001"); NaN and infinities read "—".
QString number(double v, int digits = 4, double floor = 1e-4);
// 1536 -> "1.5 KiB"; exact bytes below 1 KiB.
QString bytes(quint64 bytes);
// Mebibytes as stored by benchmarks (peak_host_mb): 12.3456 -> "12.35 MiB", 2790 -> "2.72 GiB".
QString mebibytes(double mib);
// Parameter and token counts: 260000 -> "260K", 1346471936 -> "1.35B", 999 -> "999".
QString count(double n);
// 75.2 -> "1 min 15 s"; 3.25 -> "3.25 s"; 0.00579118 -> "5.79 ms"; 0.00042 -> "420 µs".
// Negative or NaN -> "—".
QString duration(double seconds);
// Milliseconds as stored by benchmarks (ttft_ms, latencies) as a duration: 5.79118 -> "5.79 ms".
QString milliseconds(double ms);
// A rate (tokens/s): 3 significant digits, whole numbers from 1000 on: 12.345 -> "12.3".
QString rate(double value);
// A probability: 0.98765 -> "0.9877", 3e-7 -> "< 0.0001".
QString probability(double p);
// A signed change for deltas: "+1.23", "-0.0451" (3 significant digits).
QString change(double v);

}  // namespace Format
