// BarChart: one metric across benchmark runs — one bar per run, an error bar for its noise, and
// the bar coloured by how it compares with the baseline (better, worse, or neutral).
//
// Fed with plain numbers (labels, values, errors, tones); QCustomPlot stays inside the .cpp. The
// data is set whole (a comparison is small), so there is nothing to coalesce: setData schedules one
// replot. barValues() reads back what the plot holds, for tests. An owner that answers the export
// signals turns the right-click menu on (setExportMenu). Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"

#include <QStringList>

class QCPBars;
class QCPErrorBars;

class BarChart : public ChartAdapter {
  Q_OBJECT
 public:
  enum class Tone { Neutral, Better, Worse };
  struct Bar {
    QString label;
    double value = 0;
    double error = 0;  // half-height of the error bar; 0: none
    Tone tone = Tone::Neutral;
  };

  explicit BarChart(QWidget* parent);

  void setBars(const QVector<Bar>& bars, const QString& valueLabel);
  void setToneColors(const QColor& better, const QColor& worse);
  void setTheme(const ChartTheme& theme) override;

  // What the plot holds, left to right (GUI thread).
  int barCount() const;
  QVector<double> barValues() const;
  QVector<double> errorValues() const;
  QStringList barLabels() const;

  // Writes the bars: .csv (label, value, error, tone; one line per bar) or .json (value label and
  // the same columns as arrays). False with a message naming the file otherwise.
  bool saveData(const QString& path, QString* error = nullptr) const override;
  QString chartTitle() const override { return m_valueLabel; }

 protected:
  void drainPending() override {}

 private:
  void rebuild();

  QVector<Bar> m_bars;
  QString m_valueLabel;
  QColor m_better{0x23, 0x91, 0x5a}, m_worse{0xcc, 0x3a, 0x3a};
  QVector<QCPBars*> m_groups;  // one per tone present (QCPBars has one brush)
  QVector<QCPErrorBars*> m_errors;
};
