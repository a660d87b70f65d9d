// RoutingPanel: the Inspect area's MoE routing views for a prompt or a stored data-set run.
//
//  - "Per token": the token x layer grid coloured by each token's top-1 expert (hover: all k
//    experts with their weights, and the shared experts that every token also uses);
//  - "Load": tokens per expert in the chosen layer (shared experts as their own bars) and the
//    layer x expert load map (dense layers empty, shared experts as columns at 100%);
//  - "Co-activation": how often two experts are chosen together in the chosen layer;
//  - "Token kinds": which experts take digits, operators, words, spaces/punctuation and code in the
//    chosen layer (kind x expert, share of the kind's tokens), with the mutual information
//    I(kind; expert) and each kind's most used expert per layer;
//  - a summary with routing entropy, load balance and the experts never hit, per layer.
// A view only. Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"
#include "InspectTypes.h"

#include <QWidget>

class BarChart;
class HeatmapView;
class QComboBox;
class QLabel;
class QTabWidget;

class RoutingPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RoutingPanel(QWidget* parent = nullptr);

  void setResult(const RoutingResult& result);
  const RoutingResult& result() const { return m_result; }
  void setChartTheme(const ChartTheme& theme);

  QTabWidget* tabs() const { return m_tabs; }
  HeatmapView* grid() const { return m_grid; }
  HeatmapView* loadMap() const { return m_load; }
  BarChart* loadBars() const { return m_bars; }
  HeatmapView* coactivationMap() const { return m_coact; }
  HeatmapView* kindMap() const { return m_kinds; }
  QLabel* kindSummary() const { return m_kindSummary; }
  QComboBox* layerBox() const { return m_layer; }
  QLabel* summary() const { return m_summary; }
  QVector<HeatmapView*> charts() const { return {m_grid, m_load, m_coact, m_kinds}; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void showLayer();

  RoutingResult m_result;
  QLabel* m_title;
  QLabel* m_layerLabel;
  QComboBox* m_layer;
  QTabWidget* m_tabs;
  HeatmapView* m_grid;
  HeatmapView* m_load;
  BarChart* m_bars;
  HeatmapView* m_coact;
  HeatmapView* m_kinds;
  QLabel* m_summary;
  QLabel* m_kindSummary;
};
