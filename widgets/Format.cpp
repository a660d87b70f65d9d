// Formatting helpers (see Format.h).
#include "Format.h"

#include <QCoreApplication>

#include <cmath>

namespace Format {
namespace {

// `digits` significant digits in fixed notation (no exponent), trailing zeros after the point
// removed: 12.30 -> "12.3", 1234.5 (4 digits) -> "1235", 0.00012345 -> "0.0001235".
QString significant(double v, int digits) {
  if (v == 0) return QStringLiteral("0");
  const int magnitude = int(std::floor(std::log10(std::fabs(v))));
  int decimals = std::max(0, digits - 1 - magnitude);
  QString s = QString::number(v, 'f', decimals);
  // Rounding can carry into a new digit (9.9996 -> "10.000"): trim to the digits asked for.
  if (decimals > 0) {
    while (s.endsWith(u'0')) s.chop(1);
    if (s.endsWith(u'.')) s.chop(1);
  }
  if (s == u"-0") s = QStringLiteral("0");
  return s;
}

}  // namespace

QString number(double v, int digits, double floor) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  if (v != 0 && std::fabs(v) < floor) {
    const QString f = significant(floor, 1);
    return v > 0 ? QStringLiteral("< %1").arg(f) : QStringLiteral("> -%1").arg(f);
  }
  return significant(v, digits);
}

QString bytes(quint64 bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double b = double(bytes);
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  if (u == 0) return QStringLiteral("%1 B").arg(bytes);
  return QStringLiteral("%1 %2").arg(significant(b, b >= 1000 ? 4 : 3), QLatin1String(units[u]));
}

QString mebibytes(double mib) {
  if (!std::isfinite(mib) || mib < 0) return QStringLiteral("—");
  return bytes(quint64(std::llround(mib * 1048576.0)));
}

QString count(double n) {
  if (!std::isfinite(n)) return QStringLiteral("—");
  const double a = std::fabs(n);
  // 999.7K reads "1M", not "1000K".
  const double step = a >= 999.5e9 ? 1e12 : a >= 999.5e6 ? 1e9 : a >= 999.5e3 ? 1e6 : a >= 999.5 ? 1e3 : 1;
  if (step == 1) return QString::number(qint64(std::llround(n)));
  const char* unit = step == 1e12 ? "T" : step == 1e9 ? "B" : step == 1e6 ? "M" : "K";
  return significant(n / step, 3) + QLatin1String(unit);
}

QString duration(double s) {
  if (s < 0 || s != s) return QStringLiteral("—");
  if (s == 0) return QCoreApplication::translate("Format", "%1 ms").arg(0);
  if (s < 1e-3) return QCoreApplication::translate("Format", "%1 µs").arg(significant(s * 1e6, 3));
  if (s < 1) return QCoreApplication::translate("Format", "%1 ms").arg(significant(s * 1e3, 3));
  if (s < 60) return QCoreApplication::translate("Format", "%1 s").arg(significant(s, 3));
  const qint64 t = qRound64(s);
  if (t < 3600) return QCoreApplication::translate("Format", "%1 min %2 s").arg(t / 60).arg(t % 60);
  return QCoreApplication::translate("Format", "%1 h %2 min").arg(t / 3600).arg((t % 3600) / 60);
}

QString milliseconds(double ms) { return duration(ms / 1000.0); }

QString rate(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  if (std::fabs(v) >= 1000) return QString::number(qint64(std::llround(v)));
  return number(v, 3, 1e-3);
}

QString probability(double p) { return number(p, 4, 1e-4); }

QString change(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  const QString s = std::fabs(v) >= 1000 ? QString::number(qint64(std::llround(std::fabs(v)))) : number(std::fabs(v), 3, 1e-4);
  if (v == 0) return QStringLiteral("0");
  return (v > 0 ? QStringLiteral("+") : QStringLiteral("-")) + s;
}

}  // namespace Format
