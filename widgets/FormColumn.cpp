// FormColumn (see header).
#include "FormColumn.h"

#include <QEvent>
#include <QScrollBar>

FormColumn::FormColumn(QWidget* parent) : QScrollArea(parent) {
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

void FormColumn::setForm(QWidget* form) {
  setWidget(form);
  form->installEventFilter(this);  // its layout's new minimum (another language) reaches ours
  updateGeometry();
}

QSize FormColumn::minimumSizeHint() const {
  QSize hint = QScrollArea::minimumSizeHint();
  if (const QWidget* form = widget()) {
    const int frame = 2 * frameWidth();
    const int bar = verticalScrollBar()->sizeHint().width();  // room for it, shown or not
    hint.setWidth(std::max(hint.width(), form->minimumSizeHint().width() + bar + frame));
  }
  return hint;
}

bool FormColumn::eventFilter(QObject* watched, QEvent* event) {
  if (watched == widget() && event->type() == QEvent::LayoutRequest) updateGeometry();
  return QScrollArea::eventFilter(watched, event);
}
