// ComparePanel: two versions of a model side by side — A, B and the difference.
//
// Attention (one prompt through both models): the layer x head map of the Jensen–Shannon
// divergence between their attention rows (click a head to open it), and that head's map in A,
// in B and B − A. Routing (a prompt through both, or two stored data-set runs): per token the
// top-1 grids of A and B and the agreement of their expert sets (Jaccard); per layer the load of
// A, of B and the shift B − A; the co-activation of A, of B and its change; and a summary with
// the share of tokens routed differently and the experts never hit in A or in B.
// A view only. Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"
#include "InspectTypes.h"

#include <QWidget>

class HeatmapView;
class QComboBox;
class QLabel;
class QTabWidget;

class ComparePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ComparePanel(QWidget* parent = nullptr);

  void setAttention(const AttentionCompareResult& result);
  void setRouting(const RoutingCompareResult& result);
  const AttentionCompareResult& attention() const { return m_att; }
  const RoutingCompareResult& routing() const { return m_rout; }
  void setChartTheme(const ChartTheme& theme);
  // Which comparison Run starts: "attention" or "routing".
  QString mode() const;

  QTabWidget* tabs() const { return m_tabs; }
  QTabWidget* routingTabs() const { return m_routingTabs; }
  HeatmapView* jsMap() const { return m_js; }
  HeatmapView* attentionA() const { return m_attA; }
  HeatmapView* attentionB() const { return m_attB; }
  HeatmapView* attentionDiff() const { return m_attDiff; }
  HeatmapView* gridA() const { return m_gridA; }
  HeatmapView* gridB() const { return m_gridB; }
  HeatmapView* agreement() const { return m_agree; }
  HeatmapView* loadA() const { return m_loadA; }
  HeatmapView* loadB() const { return m_loadB; }
  HeatmapView* loadShift() const { return m_shift; }
  HeatmapView* coactA() const { return m_coA; }
  HeatmapView* coactB() const { return m_coB; }
  HeatmapView* coactChange() const { return m_coDiff; }
  QComboBox* layerBox() const { return m_layer; }
  QLabel* summary() const { return m_summary; }
  QVector<HeatmapView*> charts() const;

 signals:
  void headRequested(int layer, int head);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void showLayer();

  AttentionCompareResult m_att;
  RoutingCompareResult m_rout;
  QTabWidget* m_tabs;
  QLabel* m_attInfo;
  HeatmapView *m_js, *m_attA, *m_attB, *m_attDiff;
  QTabWidget* m_routingTabs;
  HeatmapView *m_gridA, *m_gridB, *m_agree, *m_loadA, *m_loadB, *m_shift, *m_coA, *m_coB, *m_coDiff;
  QLabel* m_layerLabel;
  QComboBox* m_layer;
  QLabel* m_summary;
};
