// LogView (see header).
#include "LogView.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int kMaxEntries = 5000;
constexpr int kFlushMs = 40;
}  // namespace

LogView::LogView(QWidget* parent)
    : QWidget(parent), m_levelBox(new QComboBox(this)), m_levelLabel(new QLabel(this)), m_clear(new QToolButton(this)),
      m_text(new QPlainTextEdit(this)), m_flushTimer(new QTimer(this)) {
  setObjectName(QStringLiteral("logView"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 6, 8, 8);
  v->setSpacing(6);
  auto* bar = new QHBoxLayout;
  bar->addWidget(m_levelLabel);
  bar->addWidget(m_levelBox);
  bar->addStretch(1);
  bar->addWidget(m_clear);
  v->addLayout(bar);
  v->addWidget(m_text, 1);
  for (int i = 0; i < 5; ++i) m_levelBox->addItem(QString(), i);
  m_levelBox->setCurrentIndex(m_minLevel);
  m_clear->setAutoRaise(true);
  m_text->setReadOnly(true);
  m_text->setMaximumBlockCount(kMaxEntries);
  m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
  m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_text->setObjectName(QStringLiteral("logText"));
  m_flushTimer->setSingleShot(true);
  m_flushTimer->setInterval(kFlushMs);
  connect(m_flushTimer, &QTimer::timeout, this, &LogView::flush);
  connect(m_levelBox, &QComboBox::currentIndexChanged, this, [this](int i) { setMinimumLevel(i); });
  connect(m_clear, &QToolButton::clicked, this, &LogView::clear);
  retranslateUi();
}

void LogView::setClearIcon(const QIcon& icon) { m_clear->setIcon(icon); }

QString LogView::levelName(int level) {
  switch (level) {
    case Trace: return tr("Trace");
    case Debug: return tr("Debug");
    case Info: return tr("Info");
    case Warning: return tr("Warning");
    default: return tr("Error");
  }
}

void LogView::appendEntry(int level, const QDateTime& time, const QString& text) {
  m_pending.append({std::clamp(level, 0, 4), time, text});
  // Coalesce: arm the timer only when idle; everything pending is written in one go.
  if (!m_flushTimer->isActive()) m_flushTimer->start();
}

void LogView::flush() {
  m_flushTimer->stop();
  if (m_pending.isEmpty()) return;
  for (auto& e : m_pending) {
    if (e.level >= m_minLevel) render(e);
    m_entries.append(std::move(e));
  }
  m_pending.clear();
  if (m_entries.size() > kMaxEntries) m_entries.remove(0, m_entries.size() - kMaxEntries);
}

void LogView::render(const Entry& e) {
  static const char* colors[] = {"#8a8f98", "#8a8f98", "", "#c98a16", "#d03b3b"};
  const QString line = QStringLiteral("%1  %2  %3").arg(e.time.toString(QStringLiteral("HH:mm:ss.zzz")),
                                                        levelName(e.level).leftJustified(8), e.text);
  if (colors[e.level][0] == 0) {
    m_text->appendPlainText(line);
  } else {
    m_text->appendHtml(QStringLiteral("<span style='color:%1; white-space:pre'>%2</span>")
                           .arg(QLatin1String(colors[e.level]), line.toHtmlEscaped()));
  }
}

void LogView::setMinimumLevel(int level) {
  level = std::clamp(level, 0, 4);
  if (m_levelBox->currentIndex() != level) m_levelBox->setCurrentIndex(level);
  if (level == m_minLevel) return;
  m_minLevel = level;
  rerender();
  emit minimumLevelChanged(level);
}

void LogView::clear() {
  m_entries.clear();
  m_pending.clear();
  m_text->clear();
}

QString LogView::visibleText() {
  flush();
  return m_text->toPlainText();
}

void LogView::retranslateUi() {
  m_levelLabel->setText(tr("Show from level:"));
  for (int i = 0; i < 5; ++i) m_levelBox->setItemText(i, levelName(i));
  m_clear->setToolTip(tr("Clear the log"));
  m_clear->setText(tr("Clear"));
  rerender();  // level names inside the lines follow the language too
}

void LogView::rerender() {
  flush();
  m_text->clear();
  for (const auto& e : m_entries)
    if (e.level >= m_minLevel) render(e);
}

void LogView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
