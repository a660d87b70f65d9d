// WheelGuard: a mouse wheel changes a spin box or combo box only when it has the keyboard focus.
//
// Scrolling a panel full of controls (the Playground's sampling settings, the benchmark form) must
// scroll the panel, not silently change whichever control passes under the pointer. The guard is
// an application-wide event filter: a wheel event over an unfocused QAbstractSpinBox or QComboBox
// is ignored, so Qt passes it on to the parent (the scroll area scrolls). Those controls also take
// focus by click or Tab only, never by the wheel. Threading: GUI thread.
#pragma once

#include <QObject>

class WheelGuard : public QObject {
  Q_OBJECT
 public:
  explicit WheelGuard(QObject* parent = nullptr) : QObject(parent) {}

  // Installs the guard on the application (idempotent per guard).
  void install();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};
