// InspectCharts: turns Inspect results into the plain matrices and bars the widgets draw, and
// words the hover details — one place, so every panel (and a test) builds the same numbers.
//
// Maps: a head's attention window (query x key, probabilities), the tile overview of a head, the
// layer x head map of a statistic, the routing grid (token x layer, top-1 expert), layer x expert
// load (shared experts as their own columns, always 100%), co-activation, and the comparison
// maps (Jensen–Shannon per head, B − A attention, per-token Jaccard, load shift, co-activation
// change). Values are the engine's, converted to float only for drawing.
// Threading: pure functions; translated texts follow the GUI thread's language.
#pragma once

#include "BarChart.h"
#include "HeatmapView.h"
#include "InspectTypes.h"

#include <QCoreApplication>

class InspectCharts {
  Q_DECLARE_TR_FUNCTIONS(InspectCharts)
 public:
  static QString statName(InspectStat s);        // translated, for pickers and titles
  static QString statKey(InspectStat s);         // the engine's / CLI's name ("entropy", ...)
  static QString statDescription(InspectStat s);  // one sentence, for tooltips
  static QString tokenText(const QStringList& tokens, int i);  // "'tok' (i)"

  // Attention.
  static HeatmapData attentionWindow(const AttentionResult& r);
  static QString attentionHover(const AttentionResult& r, int query, int key);
  static HeatmapData overview(const AttentionResult& r, int head, bool mean, bool compact);
  static QString overviewHover(const AttentionResult& r, int head, int queryTile, int keyTile);
  static HeatmapData statMap(const AttentionResult& r, InspectStat stat);
  static QString statHover(const AttentionResult& r, int layer, int head);

  // Routing.
  static HeatmapData routingGrid(const RoutingResult& r);
  static QString routingHover(const RoutingResult& r, int token, int layer);
  static HeatmapData loadMap(const RoutingResult& r);
  static QString loadHover(const RoutingResult& r, int layer, int column);
  static QVector<BarChart::Bar> loadBars(const RoutingResult& r, int layer);
  static HeatmapData coactivation(const RoutingResult& r, int layer);
  static QString routingSummary(const RoutingResult& r);  // tokens, entropy, never-hit lines
  // Token kinds (digits, operators, words, spaces/punctuation, code, special): kind x expert map of
  // the share of each kind's tokens that chose the expert, its hover, and per layer the mutual
  // information I(kind; expert) with the expert each kind uses most.
  static QString kindName(int kind);
  static HeatmapData kindMap(const RoutingResult& r, int layer);
  static QString kindHover(const RoutingResult& r, int layer, int kind, int expert);
  static QString kindSummary(const RoutingResult& r);

  // Comparison.
  static HeatmapData jsMap(const AttentionCompareResult& c);
  static HeatmapData attentionDifference(const AttentionCompareResult& c);  // B − A of the window
  static QString differenceHover(const AttentionCompareResult& c, int query, int key);
  static HeatmapData jaccardGrid(const RoutingCompareResult& c);
  static HeatmapData loadShift(const RoutingCompareResult& c);
  static HeatmapData coactivationChange(const RoutingCompareResult& c, int layer);
  static QString routingComparisonSummary(const RoutingCompareResult& c);
};
