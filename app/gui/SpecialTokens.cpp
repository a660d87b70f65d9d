// SpecialTokens (see header).
#include "SpecialTokens.h"

#include <QRegularExpression>

namespace SpecialTokens {
namespace {

const QRegularExpression& pattern() {
  // No spaces or angle brackets inside, at most 100 characters: ordinary text such as
  // "a <| b |> c" or "x<|y" is left alone.
  static const QRegularExpression re(QStringLiteral("<\\|[^|<>\\s]{1,100}\\|>|<\\x{FF5C}[^\\x{FF5C}<>\\s]{1,100}\\x{FF5C}>"));
  return re;
}

}  // namespace

bool isSpecial(const QString& tokenText) {
  const QString t = tokenText.trimmed();
  if (t.isEmpty()) return false;
  const auto m = pattern().match(t);
  return m.hasMatch() && m.capturedStart() == 0 && m.capturedLength() == t.size();
}

QString hide(const QString& text) {
  QString out = text;
  out.remove(pattern());
  return out;
}

}  // namespace SpecialTokens
