// WheelGuard (see header).
#include "WheelGuard.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QEvent>

namespace {

bool guarded(QWidget* w) { return qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w); }

// The wheel must not hand these controls the focus either (Qt::WheelFocus is their default).
void takeFocusByClickOrTab(QWidget* w) {
  if (w->focusPolicy() == Qt::WheelFocus) w->setFocusPolicy(Qt::StrongFocus);
}

}  // namespace

void WheelGuard::install() {
  qApp->removeEventFilter(this);
  qApp->installEventFilter(this);
  for (QWidget* w : QApplication::allWidgets())  // those polished already; later ones on Polish
    if (guarded(w)) takeFocusByClickOrTab(w);
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
  const QEvent::Type type = event->type();
  if (type != QEvent::Wheel && type != QEvent::Polish) return false;
  auto* w = qobject_cast<QWidget*>(watched);
  if (!w || !guarded(w)) return false;
  if (type == QEvent::Polish) {
    takeFocusByClickOrTab(w);
    return false;
  }
  if (w->hasFocus()) return false;
  event->ignore();  // not accepted: QApplication passes it to the parent widget
  return true;
}
