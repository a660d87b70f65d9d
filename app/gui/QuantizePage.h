// QuantizePage: the Quantize area — the job form on the left (QuantizeForm), the result of the
// last job or of a loaded report on the right (QuantizeResultView), under the page header.
//
// A view only: QuantizeController decides what the buttons do. Threading: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QuantizeForm;
class QuantizeResultView;

class QuantizePage : public QWidget {
  Q_OBJECT
 public:
  explicit QuantizePage(QWidget* parent = nullptr);

  QuantizeForm* form() const { return m_form; }
  QuantizeResultView* result() const { return m_result; }

 signals:
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_subtitle;
  QuantizeForm* m_form;
  QuantizeResultView* m_result;
};
