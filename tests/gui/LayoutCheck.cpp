// LayoutCheck (see header).
#include "LayoutCheck.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QScrollBar>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QTextEdit>
#include <QToolButton>

namespace guitest {
namespace {

// Interface widgets a user reads or operates; containers are judged through their children.
bool judged(const QWidget* w) {
  if (qobject_cast<const QLineEdit*>(w) && qobject_cast<const QAbstractSpinBox*>(w->parentWidget())) return false;  // the spin box's own
  if (qobject_cast<const QLineEdit*>(w) && qobject_cast<const QComboBox*>(w->parentWidget())) return false;  // an editable combo's own (the combo is judged)
  if (qobject_cast<const QToolButton*>(w) && w->parentWidget() && w->parentWidget()->inherits("QTabBar")) return false;  // tab scrollers
  if (w->inherits("QHeaderView") || w->inherits("QDockWidgetTitleButton")) return false;  // Qt's own parts
  if (w->inherits("QCustomPlot")) return true;
  return qobject_cast<const QLabel*>(w) || qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QComboBox*>(w) ||
         qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QLineEdit*>(w) || qobject_cast<const QGroupBox*>(w) ||
         qobject_cast<const QTabWidget*>(w) || qobject_cast<const QAbstractItemView*>(w) || qobject_cast<const QTextEdit*>(w) ||
         qobject_cast<const QPlainTextEdit*>(w) || w->inherits("TokenView") || w->inherits("KeyValueCard");
}

QString where(const QWidget* w) {
  QStringList names;
  for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget())
    if (!p->objectName().isEmpty() && !p->objectName().startsWith(u"qt_")) names.prepend(p->objectName());
  return names.mid(std::max<qsizetype>(0, names.size() - 3)).join(u'/');
}

QString textOf(const QWidget* w) {
  if (auto* l = qobject_cast<const QLabel*>(w)) return l->text().left(40);
  if (auto* b = qobject_cast<const QAbstractButton*>(w)) return b->text().left(40);
  if (auto* g = qobject_cast<const QGroupBox*>(w)) return g->title().left(40);
  if (auto* c = qobject_cast<const QComboBox*>(w)) return c->currentText().left(40);
  return w->objectName();
}

// The part of `w` that lies outside the viewport of a scroll area above it which cannot scroll that
// way (its scroll bar is off), e.g. a form in a column narrower than the form: the widget keeps its
// size, but the user never sees its right edge. Empty when nothing is cut.
QString cutByScrollArea(const QWidget* w) {
  for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget()) {
    auto* area = qobject_cast<const QAbstractScrollArea*>(p->parentWidget());
    if (!area || area->viewport() != p || area == w) continue;
    const QRect r(w->mapTo(p, QPoint(0, 0)), w->size());
    const bool noH = area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff || !area->horizontalScrollBar()->isVisible();
    const bool noV = area->verticalScrollBarPolicy() == Qt::ScrollBarAlwaysOff || !area->verticalScrollBar()->isVisible();
    const int cutRight = r.right() - p->rect().right(), cutBottom = r.bottom() - p->rect().bottom();
    if (noH && cutRight > 1) return QStringLiteral("%1 px cut off on the right by a scroll area that cannot scroll sideways").arg(cutRight);
    if (noV && cutBottom > 1) return QStringLiteral("%1 px cut off at the bottom by a scroll area that cannot scroll down").arg(cutBottom);
  }
  return {};
}

}  // namespace

QStringList squeezedWidgets(QWidget* root) {
  QStringList out;
  // A page, tab or chart grid that scrolls sideways: its content is wider than the window gives it,
  // so its right edge (a chart's axis, a button) is off screen until the user scrolls. Scrolling
  // down is fine; tables and text views, whose data may be wider than any window, are not judged.
  for (QScrollArea* area : root->findChildren<QScrollArea*>()) {
    if (!area->isVisible() || !area->widget()) continue;
    const QScrollBar* bar = area->horizontalScrollBar();
    if (area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff || !bar->isVisible() || bar->maximum() <= 0) continue;
    out << QStringLiteral("%1 '%2' (%3): scrolls %4 px sideways (content %5 px wide in a %6 px viewport)")
               .arg(QString::fromLatin1(area->metaObject()->className()), area->objectName(), where(area))
               .arg(bar->maximum())
               .arg(area->widget()->width())
               .arg(area->viewport()->width());
  }
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(root) || !judged(w)) continue;
    // Hidden behind another page or tab: not on screen, not judged.
    if (!w->isVisible()) continue;
    const QSizePolicy policy = w->sizePolicy();
    const QSize hint = w->minimumSizeHint();
    QSize need(0, 0);
    if (policy.horizontalPolicy() != QSizePolicy::Ignored) need.setWidth(std::max(hint.width(), 0));
    if (policy.verticalPolicy() != QSizePolicy::Ignored) need.setHeight(std::max(hint.height(), 0));
    need = need.expandedTo(w->minimumSize()).boundedTo(w->maximumSize());
    // A label that wraps needs its height for its width, not its one-line width.
    if (auto* l = qobject_cast<QLabel*>(w); l && l->wordWrap()) {
      need.setWidth(std::min(need.width(), 40));
      if (l->hasHeightForWidth()) need.setHeight(l->heightForWidth(w->width()));
    }
    if (const QString cut = cutByScrollArea(w); !cut.isEmpty()) {
      out << QStringLiteral("%1 '%2' (%3): %4").arg(QString::fromLatin1(w->metaObject()->className()), textOf(w), where(w), cut);
      continue;
    }
    if (w->width() >= need.width() && w->height() >= need.height()) continue;
    out << QStringLiteral("%1 '%2' (%3): %4x%5 < %6x%7")
               .arg(QString::fromLatin1(w->metaObject()->className()), textOf(w), where(w))
               .arg(w->width())
               .arg(w->height())
               .arg(need.width())
               .arg(need.height());
  }
  return out;
}

}  // namespace guitest
