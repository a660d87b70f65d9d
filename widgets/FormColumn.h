// FormColumn: a vertical scroll area for a form beside other content (Fine-tune's, Quantize's,
// the Playground's and Benchmarks' side forms). It never scrolls sideways, so it asks for the width
// its form needs: its minimum width is the form's minimum width (in the current language, updated
// when the form's layout changes) plus the vertical scroll bar, and a splitter or layout cannot
// squeeze it narrower and cut the form's right edge off.
#pragma once

#include <QScrollArea>

class FormColumn : public QScrollArea {
 public:
  explicit FormColumn(QWidget* parent = nullptr);

  // Takes `form` as the scrolled widget (resizable with the column).
  void setForm(QWidget* form);

  QSize minimumSizeHint() const override;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};
