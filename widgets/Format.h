// Formatting helpers shared by the views: byte sizes, large counts, durations.
//
// Pure functions of plain values; durations use translatable unit strings (context "Format").
// Threading: any thread (no shared state).
#pragma once

#include <QString>
#include <QtGlobal>

namespace Format {

// 1536 -> "1.5 KiB"; exact bytes below 1 KiB.
QString bytes(quint64 bytes);
// 1234567 -> "1.23M" (parameter counts).
QString count(double n);
// 75.2 -> "1 min 15 s"; 3.25 -> "3.3 s"; 0.0123 -> "12 ms". Negative -> "—".
QString duration(double seconds);
// 12.345 -> "12.3" with a sensible number of digits for a rate.
QString rate(double value);

}  // namespace Format
