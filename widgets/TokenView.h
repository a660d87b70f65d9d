// TokenView: generated tokens as chips in a monospace flow, shaded by the model's probability;
// hovering a chip shows its probability and the top alternatives.
//
// Plain data in (TokenEntry: text, probability, alternatives as strings), appended in batches: the
// Playground drains its coalesced token buffer every ~40 ms and hands the batch over, so painting
// happens once per batch, never per token. Layout is incremental (only new chips are placed) and
// redone on resize. Whitespace is made visible (· for a space, ↵ for a newline, → for a tab) so
// token boundaries are readable.
// Threading: GUI thread only.
#pragma once

#include <QAbstractScrollArea>
#include <QPair>
#include <QVector>

struct TokenEntry {
  int id = -1;
  QString text;     // the token's own bytes as text
  double prob = -1; // p(token); < 0 when unknown (no colour)
  QVector<QPair<QString, double>> top;  // most likely alternatives, best first
};

class TokenView : public QAbstractScrollArea {
  Q_OBJECT
 public:
  explicit TokenView(QWidget* parent = nullptr);

  void appendTokens(const QVector<TokenEntry>& tokens);
  void clear();
  int tokenCount() const { return int(m_tokens.size()); }
  const TokenEntry& token(int index) const { return m_tokens[index]; }
  void setShadeByProbability(bool on);
  bool shadeByProbability() const { return m_shade; }

  // The chip under a viewport position, or -1.
  int tokenAt(const QPoint& viewportPos) const;
  // Chip rectangle in viewport coordinates (for tests and tooltips).
  QRect tokenRect(int index) const;
  // The rich-text tooltip of a chip: probability and top alternatives.
  QString toolTipText(int index) const;
  int hoveredToken() const { return m_hovered; }

  // How a token's text is drawn: whitespace replaced by visible marks.
  static QString displayText(const QString& text);

 signals:
  void tokenHovered(int index);  // -1 when leaving

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void layoutFrom(int first);
  void updateScrollBar();
  QColor chipColor(double prob) const;

  QVector<TokenEntry> m_tokens;
  QVector<QRect> m_rects;  // content coordinates
  QPoint m_cursor;         // where the next chip goes
  int m_lineHeight = 0;
  int m_hovered = -1;
  bool m_shade = true;
};
