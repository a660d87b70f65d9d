// KeyValueCard: sections laid out as two-column grids inside a scroll area.
#include "KeyValueCard.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

KeyValueCard::KeyValueCard(QWidget* parent) : QScrollArea(parent) {
  setObjectName(QStringLiteral("keyValueCard"));
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  auto* host = new QWidget;
  host->setObjectName(QStringLiteral("cardHost"));
  auto* v = new QVBoxLayout(host);
  v->setContentsMargins(20, 16, 20, 16);
  v->setSpacing(6);
  m_title = new QLabel(host);
  m_title->setObjectName(QStringLiteral("cardTitle"));
  m_title->setProperty("dswData", true);
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_title->setWordWrap(true);
  m_subtitle = new QLabel(host);
  m_subtitle->setObjectName(QStringLiteral("cardSubtitle"));
  m_subtitle->setProperty("dswData", true);
  m_subtitle->setWordWrap(true);
  m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_badge = new QLabel(host);
  m_badge->setObjectName(QStringLiteral("cardBadge"));
  m_badge->setWordWrap(true);
  m_badge->hide();
  m_sectionsHost = new QWidget(host);
  m_sectionsLayout = new QVBoxLayout(m_sectionsHost);
  m_sectionsLayout->setContentsMargins(0, 8, 0, 0);
  m_sectionsLayout->setSpacing(14);
  v->addWidget(m_title);
  v->addWidget(m_subtitle);
  v->addWidget(m_badge);
  v->addWidget(m_sectionsHost);
  v->addStretch(1);
  setWidget(host);
}

void KeyValueCard::setTitle(const QString& title) { m_title->setText(title); }

void KeyValueCard::setSubtitle(const QString& subtitle) {
  m_subtitle->setText(subtitle);
  m_subtitle->setVisible(!subtitle.isEmpty());
}

void KeyValueCard::setBadge(const QString& text) {
  m_badge->setText(text);
  m_badge->setVisible(!text.isEmpty());
}

QString KeyValueCard::title() const { return m_title->text(); }
QString KeyValueCard::badge() const { return m_badge->text(); }

void KeyValueCard::clear() {
  setTitle({});
  setSubtitle({});
  setBadge({});
  setSections({});
}

namespace {

// The same sections and keys, only values (or tooltips, fonts) possibly different.
bool sameShape(const QList<KeyValueSection>& a, const QList<KeyValueSection>& b) {
  if (a.size() != b.size()) return false;
  for (qsizetype i = 0; i < a.size(); ++i) {
    if (a[i].title != b[i].title || a[i].rows.size() != b[i].rows.size()) return false;
    for (qsizetype r = 0; r < a[i].rows.size(); ++r)
      if (a[i].rows[r].key != b[i].rows[r].key || a[i].rows[r].monospace != b[i].rows[r].monospace) return false;
  }
  return true;
}

}  // namespace

void KeyValueCard::setSections(const QList<KeyValueSection>& sections, bool keepScrollPosition) {
  // Only values changed (a hash job's progress, say): update them in place, so the card keeps its
  // scroll position and nothing flickers.
  if (!m_valueLabels.isEmpty() && sameShape(m_sections, sections)) {
    qsizetype n = 0;
    for (const auto& section : sections)
      for (const auto& row : section.rows) {
        QLabel* val = m_valueLabels[n++];
        if (val->text() != row.value) val->setText(row.value);
        val->setToolTip(row.toolTip);
      }
    m_sections = sections;
    return;
  }
  m_sections = sections;
  m_valueLabels.clear();
  // The new rows are laid out later (posted layout requests): the position is put back once the
  // scroll range has grown to it again.
  const int scrolled = keepScrollPosition ? verticalScrollBar()->value() : 0;
  disconnect(m_restoreScroll);
  if (scrolled > 0)
    m_restoreScroll = connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this, scrolled](int, int max) {
      if (max < scrolled) return;
      verticalScrollBar()->setValue(scrolled);
      disconnect(m_restoreScroll);
    });
  // Rebuilt wholesale: a card has a few dozen rows and changes on user action only.
  while (QLayoutItem* item = m_sectionsLayout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  // One key column width for every section, so the values line up down the whole card.
  int keyWidth = 0;
  for (const auto& section : sections)
    for (const auto& row : section.rows) keyWidth = std::max(keyWidth, fontMetrics().horizontalAdvance(row.key));
  keyWidth += 24;
  for (const auto& section : sections) {
    auto* box = new QWidget(m_sectionsHost);
    box->setObjectName(QStringLiteral("cardSection"));
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(6);
    auto* heading = new QLabel(section.title, box);
    heading->setObjectName(QStringLiteral("cardSectionTitle"));
    v->addWidget(heading);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(5);
    grid->setColumnStretch(1, 1);
    grid->setColumnMinimumWidth(0, keyWidth);
    int r = 0;
    for (const auto& row : section.rows) {
      auto* k = new QLabel(row.key, box);
      k->setObjectName(QStringLiteral("cardKey"));
      k->setAlignment(Qt::AlignLeft | Qt::AlignTop);
      auto* val = new QLabel(row.value, box);
      val->setObjectName(QStringLiteral("cardValue"));
      val->setProperty("dswData", true);
      val->setTextInteractionFlags(Qt::TextSelectableByMouse);
      val->setWordWrap(true);
      val->setToolTip(row.toolTip);
      if (row.monospace) val->setFont(mono);
      grid->addWidget(k, r, 0);
      grid->addWidget(val, r, 1);
      m_valueLabels.append(val);
      ++r;
    }
    v->addLayout(grid);
    m_sectionsLayout->addWidget(box);
  }
}

QString KeyValueCard::value(const QString& key) const {
  for (const auto& s : m_sections)
    for (const auto& r : s.rows)
      if (r.key == key) return r.value;
  return {};
}
