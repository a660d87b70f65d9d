// BarChart (see header).
#include "BarChart.h"

#include <qcustomplot.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

BarChart::BarChart(QWidget* parent) : ChartAdapter(parent) {
  plot()->setMinimumHeight(220);
  plot()->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot()->axisRect()->setMargins(QMargins(0, 10, 14, 0));
  plot()->xAxis->grid()->setVisible(false);
  setTheme(theme());
}

void BarChart::setBars(const QVector<Bar>& bars, const QString& valueLabel) {
  m_bars = bars;
  m_valueLabel = valueLabel;
  rebuild();
}

void BarChart::setToneColors(const QColor& better, const QColor& worse) {
  m_better = better;
  m_worse = worse;
  rebuild();
}

void BarChart::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  rebuild();
}

void BarChart::rebuild() {
  QCustomPlot* p = plot();
  p->clearPlottables();  // deletes the bars and error bars
  m_groups.clear();
  m_errors.clear();
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double top = 0, bottom = 0;
  for (const Tone tone : {Tone::Neutral, Tone::Better, Tone::Worse}) {
    QVector<double> keys, values, errors;
    for (int i = 0; i < m_bars.size(); ++i) {
      if (m_bars[i].tone != tone) continue;
      keys.append(i + 1);
      values.append(m_bars[i].value);
      errors.append(m_bars[i].error);
    }
    if (keys.isEmpty()) continue;
    const QColor colour = tone == Tone::Better ? m_better : tone == Tone::Worse ? m_worse : theme().accent;
    auto* bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setWidth(0.6);
    bars->setPen(QPen(colour.darker(115)));
    QColor fill = colour;
    fill.setAlpha(200);
    bars->setBrush(fill);
    bars->setData(keys, values, true);
    m_groups.append(bars);
    auto* err = new QCPErrorBars(p->xAxis, p->yAxis);
    err->setDataPlottable(bars);
    err->setData(errors);
    err->setPen(QPen(theme().foreground, 1.2));
    err->setWhiskerWidth(10);
    m_errors.append(err);
  }
  for (int i = 0; i < m_bars.size(); ++i) {
    ticker->addTick(i + 1, m_bars[i].label);
    top = std::max(top, m_bars[i].value + m_bars[i].error);
    bottom = std::min(bottom, m_bars[i].value - m_bars[i].error);
  }
  p->xAxis->setTicker(ticker);
  p->xAxis->setRange(0.4, std::max<double>(1, m_bars.size()) + 0.6);
  p->yAxis->setRange(bottom < 0 ? bottom * 1.15 : 0, top > 0 ? top * 1.15 : 1);
  p->yAxis->setLabel(m_valueLabel);
  scheduleReplot();
}

int BarChart::barCount() const {
  int n = 0;
  for (auto* g : m_groups) n += g->dataCount();
  return n;
}

QVector<double> BarChart::barValues() const {
  QMap<double, double> byKey;
  for (auto* g : m_groups)
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) byKey.insert(it->key, it->value);
  return byKey.values();
}

QVector<double> BarChart::errorValues() const {
  QMap<double, double> byKey;
  for (int k = 0; k < m_errors.size(); ++k)
    for (int i = 0; i < m_groups[k]->dataCount(); ++i)
      byKey.insert(m_groups[k]->data()->at(i)->key, m_errors[k]->data()->at(i).errorPlus);
  return byKey.values();
}

QStringList BarChart::barLabels() const {
  QStringList out;
  for (const auto& b : m_bars) out << b.label;
  return out;
}

bool BarChart::saveData(const QString& path, QString* error) const {
  auto toneName = [](Tone t) { return t == Tone::Better ? QStringLiteral("better") : t == Tone::Worse ? QStringLiteral("worse") : QStringLiteral("neutral"); };
  auto csv = [&] {
    QVector<QStringList> lines{QStringList{QStringLiteral("label"), m_valueLabel, QStringLiteral("error"), QStringLiteral("tone")}};
    for (const Bar& b : m_bars) lines.append(QStringList{b.label, QString::number(b.value, 'g', 12), QString::number(b.error, 'g', 12), toneName(b.tone)});
    return lines;
  };
  auto json = [&] {
    QJsonArray labels, values, errors, tones;
    for (const Bar& b : m_bars) {
      labels.append(b.label);
      values.append(b.value);
      errors.append(b.error);
      tones.append(toneName(b.tone));
    }
    return QJsonObject{{"value_title", m_valueLabel}, {"labels", labels}, {"values", values}, {"errors", errors}, {"tones", tones}};
  };
  return writeData(path, csv, json, error);
}
