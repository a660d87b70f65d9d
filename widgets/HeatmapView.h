// HeatmapView: a matrix drawn as a colour map (QCustomPlot's QCPColorMap behind the ChartAdapter),
// fed with a plain HeatmapData — attention maps, layer x head statistics, layer x expert load,
// co-activation, routing grids and their differences.
//
// Rows run top to bottom, columns left to right; labels (tokens, layers, experts) are drawn as
// ticks on both axes, as many as fit the visible range, and follow zoom (wheel) and pan (drag).
// Hovering a cell shows a tooltip (a caller-supplied text, e.g. query, key, probability and the
// MLA split); clicking a cell emits cellClicked. The right-click menu (ChartAdapter's export menu,
// compact ones included) asks the owner to save the image (PNG/SVG) or the data (CSV/JSON) or to
// add the chart to a benchmark report. Scales:
// sequential (0..max), diverging (symmetric around 0, for differences) and categorical (one colour
// per integer value, e.g. the top-1 expert). NaN cells (masked, dense layers) stay empty.
// A compact heatmap (small multiples) hides its axes and colour scale and shows only its title.
//
// setData stores the matrix and schedules one coalesced replot (ChartAdapter); the plot copies it
// then. Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"

#include <QPoint>
#include <QSize>
#include <QStringList>
#include <QVector>

#include <array>
#include <functional>
#include <limits>

class QCPColorMap;
class QCPColorScale;
class QCPTextElement;

struct HeatmapData {
  enum class Scale { Sequential, Diverging, Categorical };
  int rows = 0, cols = 0;
  QVector<float> values;              // [row * cols + col]; NaN: no value
  QStringList rowLabels, colLabels;   // one per row / column, or empty (numbers are shown)
  int rowOffset = 0, colOffset = 0;   // index of the first row / column (a window of a larger map)
  QString title, rowTitle, colTitle, valueTitle;
  Scale scale = Scale::Sequential;
  double min = std::numeric_limits<double>::quiet_NaN();  // NaN: from the data
  double max = std::numeric_limits<double>::quiet_NaN();
  int categories = 0;                 // Categorical: values 0..categories-1

  float at(int row, int col) const { return values.value(row * cols + col, std::numeric_limits<float>::quiet_NaN()); }
};

class HeatmapView : public ChartAdapter {
  Q_OBJECT
 public:
  explicit HeatmapView(QWidget* parent, bool compact = false);

  void setData(const HeatmapData& data);
  const HeatmapData& data() const { return m_data; }
  // Text for the tooltip of a cell (row, col as in the full map: offsets included). Without one
  // the tooltip shows the labels and the value.
  void setHoverText(std::function<QString(int row, int col)> text);
  QString hoverText(int row, int col) const;
  void setTheme(const ChartTheme& theme) override;

  // The cell under a widget position (offsets included), or (-1, -1); and the centre of a cell in
  // widget pixels (tests and screenshots move the mouse there). Use after the plot is drawn.
  QPoint cellAt(const QPoint& widgetPos) const;
  QPoint cellCenter(int row, int col) const;
  // Cells the colour map holds (after the pending data is drawn), for tests.
  int drawnCells() const;
  // Shows rows [row0, row1) and columns [col0, col1) (zoom); resetView() shows everything.
  void zoomTo(int row0, int row1, int col0, int col1);
  void resetView();

  // A label as an axis tick shows it: special tokens by their name in ASCII (<｜begin▁of▁sentence｜>
  // is <bos>, <｜end▁of▁sentence｜> <eos>, <｜User｜> <User>), line breaks and tabs as \n and \t, and
  // at most 14 characters (an ellipsis ends a longer one). Tooltips keep the full text.
  static QString shortLabel(const QString& label);

  // Writes the matrix: .csv (header of column labels, one line per row) or .json (labels, titles
  // and values, null for empty cells). False with a message naming the file otherwise.
  bool saveData(const QString& path, QString* error = nullptr) const override;
  QString chartTitle() const override { return m_data.title; }

 signals:
  void cellClicked(int row, int col);
  void cellHovered(int row, int col);

 protected:
  void drainPending() override;
  void addMenuActions(QMenu& menu) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void applyData();
  void applyGradient();
  void updateDetail();
  void updateTicks();

  static constexpr int kTickRoom = 14;  // pixels a tick label needs along its axis

  bool m_compact;
  QSize m_tickArea;      // axis rect size the ticks were chosen for
  int m_tickRounds = 0;  // re-choices after a layout in a row (see the constructor)
  QCPColorMap* m_map = nullptr;
  QCPColorScale* m_scale = nullptr;
  QCPTextElement* m_title = nullptr;
  HeatmapData m_data;
  bool m_dirty = false;
  std::array<int, 6> m_lodKey{};  // visible block and pooling the colour map holds
  double m_pooledLo = 0, m_pooledHi = 1;  // range of the pooled cells
  std::function<QString(int, int)> m_hover;
  QPoint m_pressPos;
  bool m_pressed = false;
};
