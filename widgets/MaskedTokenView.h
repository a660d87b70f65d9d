// MaskedTokenView: training rows as the loss sees them — every token of a rendered row, the ones
// the loss ignores (prompt, chat-template markers: label -100) shaded, the scored ones plain — so
// a wrong template or an unmasked prompt is visible before a run starts.
//
// Plain data in (token texts and a scored flag per token); drawn as rich text in a read-only
// browser, whitespace made visible as TokenView does (· space is kept breakable, ↵ ends a line).
// Threading: GUI thread only.
#pragma once

#include <QColor>
#include <QTextBrowser>
#include <QVector>

struct MaskedTokenRow {
  QString title;  // "Row 1 · train · 212 tokens, 87 scored"
  QStringList tokens;
  QVector<bool> scored;  // one per token
};

class MaskedTokenView : public QTextBrowser {
  Q_OBJECT
 public:
  explicit MaskedTokenView(QWidget* parent = nullptr);

  void setRows(const QVector<MaskedTokenRow>& rows);
  // The shade of ignored tokens (background, text) and the text colour of scored ones.
  void setColors(const QColor& maskedBackground, const QColor& maskedText, const QColor& scoredText);
  // Shown when there are no rows.
  void setEmptyText(const QString& text);

  int rowCount() const { return int(m_rows.size()); }
  const MaskedTokenRow& row(int i) const { return m_rows[i]; }

  // The HTML of one token (for tests): a span with the masked or scored style.
  QString tokenHtml(const QString& text, bool scored) const;

 private:
  void render();

  QVector<MaskedTokenRow> m_rows;
  QColor m_maskedBg{0xe6, 0xe9, 0xef}, m_maskedText{0x68, 0x70, 0x7d}, m_scoredText{0x1d, 0x23, 0x2c};
  QString m_empty;
};
