// Formatting helpers (see Format.h).
#include "Format.h"

#include <QCoreApplication>
#include <QLocale>

namespace Format {

QString bytes(quint64 bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double b = double(bytes);
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  return u == 0 ? QStringLiteral("%1 B").arg(bytes) : QStringLiteral("%1 %2").arg(b, 0, 'f', b < 10 ? 2 : 1).arg(QLatin1String(units[u]));
}

QString count(double n) {
  if (n >= 1e9) return QString::number(n / 1e9, 'f', 2) + u'B';
  if (n >= 1e6) return QString::number(n / 1e6, 'f', 2) + u'M';
  if (n >= 1e3) return QString::number(n / 1e3, 'f', 1) + u'K';
  return QString::number(qint64(n));
}

QString duration(double s) {
  if (s < 0 || s != s) return QStringLiteral("—");
  if (s < 1) return QCoreApplication::translate("Format", "%1 ms").arg(qRound(s * 1000));
  if (s < 60) return QCoreApplication::translate("Format", "%1 s").arg(s, 0, 'f', s < 10 ? 1 : 0);
  const qint64 t = qRound64(s);
  if (t < 3600) return QCoreApplication::translate("Format", "%1 min %2 s").arg(t / 60).arg(t % 60);
  return QCoreApplication::translate("Format", "%1 h %2 min").arg(t / 3600).arg((t % 3600) / 60);
}

QString rate(double v) {
  if (v >= 100) return QString::number(v, 'f', 0);
  if (v >= 10) return QString::number(v, 'f', 1);
  return QString::number(v, 'f', 2);
}

}  // namespace Format
