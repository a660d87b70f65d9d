// MaskedTokenView (see header).
#include "MaskedTokenView.h"

MaskedTokenView::MaskedTokenView(QWidget* parent) : QTextBrowser(parent) {
  setObjectName(QStringLiteral("maskedTokenView"));
  setOpenLinks(false);
  setReadOnly(true);
}

void MaskedTokenView::setRows(const QVector<MaskedTokenRow>& rows) {
  m_rows = rows;
  render();
}

void MaskedTokenView::setColors(const QColor& maskedBackground, const QColor& maskedText, const QColor& scoredText) {
  m_maskedBg = maskedBackground;
  m_maskedText = maskedText;
  m_scoredText = scoredText;
  render();
}

void MaskedTokenView::setEmptyText(const QString& text) {
  m_empty = text;
  render();
}

QString MaskedTokenView::tokenHtml(const QString& text, bool scored) const {
  QString shown;
  for (const QChar c : text) {
    if (c == u'\n') shown += QStringLiteral("↵<br>");
    else if (c == u'\t') shown += QStringLiteral("→");
    else if (c == u' ') shown += QStringLiteral("·&#8203;");  // visible, and a line may break after it
    else if (c == u'<') shown += QStringLiteral("&lt;");
    else if (c == u'>') shown += QStringLiteral("&gt;");
    else if (c == u'&') shown += QStringLiteral("&amp;");
    else shown += c;
  }
  if (scored) return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(m_scoredText.name(), shown);
  return QStringLiteral("<span style=\"background-color:%1; color:%2\">%3</span>").arg(m_maskedBg.name(), m_maskedText.name(), shown);
}

void MaskedTokenView::render() {
  if (m_rows.isEmpty()) {
    setHtml(QStringLiteral("<p style=\"color:%1\">%2</p>").arg(m_maskedText.name(), m_empty.toHtmlEscaped()));
    return;
  }
  QString html = QStringLiteral("<div style=\"font-family:monospace\">");
  for (const MaskedTokenRow& r : m_rows) {
    html += QStringLiteral("<p style=\"font-family:sans-serif; font-weight:600; margin-top:10px\">%1</p><p>").arg(r.title.toHtmlEscaped());
    for (int i = 0; i < r.tokens.size(); ++i) html += tokenHtml(r.tokens[i], r.scored.value(i));
    html += QStringLiteral("</p>");
  }
  html += QStringLiteral("</div>");
  setHtml(html);
}
