// AttentionPanel: the Inspect area's attention views for one prompt.
//
//  - the layer x head map of a chosen statistic (entropy, max logit, previous-token score, mean
//    distance, attention to the first token, strongest sink, MLA position share); clicking a
//    cell opens that head;
//  - the chosen head's map: the full-resolution window (token labels on both axes; hover shows
//    query, key, probability and for MLA the position/content split of the score), or the tile
//    overview (max or mean per tile) for prompts longer than the window;
//  - every head of the layer as small multiples (click one to open it).
// Choosing another layer, head or window start asks the controller for a new capture
// (headRequested); the statistics stay. A view only. Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"
#include "InspectTypes.h"

#include <QWidget>

class HeatmapView;
class QComboBox;
class QGridLayout;
class QLabel;
class QSpinBox;

class AttentionPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AttentionPanel(QWidget* parent = nullptr);

  void setResult(const AttentionResult& result);
  const AttentionResult& result() const { return m_result; }
  void setChartTheme(const ChartTheme& theme);
  // The view the next capture should show (the spin boxes' values).
  int layer() const;
  int head() const;
  qint64 windowStart() const;
  int windowSize() const;

  HeatmapView* headMap() const { return m_head; }
  HeatmapView* statMap() const { return m_stats; }
  const QVector<HeatmapView*>& smallMultiples() const { return m_multiples; }
  QComboBox* statBox() const { return m_stat; }
  QComboBox* mapBox() const { return m_map; }
  QSpinBox* layerBox() const { return m_layer; }
  QSpinBox* headBox() const { return m_headBox; }
  QSpinBox* windowStartBox() const { return m_start; }
  InspectStat currentStat() const;
  // Every chart of the panel, for the controller's export and report actions.
  QVector<HeatmapView*> charts() const;

 signals:
  // A capture of (layer, head) with the window at `start` is wanted.
  void headRequested(int layer, int head, qint64 start);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void showStat();
  void showHead();
  void rebuildMultiples();
  void selectHead(int layer, int head);

  AttentionResult m_result;
  QLabel* m_summary;
  QLabel* m_statLabel;
  QComboBox* m_stat;
  QLabel* m_mapLabel;
  QComboBox* m_map;
  QLabel* m_layerLabel;
  QSpinBox* m_layer;
  QLabel* m_headLabel;
  QSpinBox* m_headBox;
  QLabel* m_startLabel;
  QSpinBox* m_start;
  QLabel* m_sizeLabel;
  QSpinBox* m_size;
  HeatmapView* m_stats;
  HeatmapView* m_head;
  QWidget* m_multiplesHost;
  QGridLayout* m_multiplesGrid;
  QVector<HeatmapView*> m_multiples;
  ChartTheme m_theme;
  bool m_updating = false;
};
