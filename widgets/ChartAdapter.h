// ChartAdapter: the one place that knows QCustomPlot. Each chart view is a subclass fed with plain
// numbers; no QCustomPlot type appears in this header, so views stay testable with synthetic data.
//
// Coalescing (as PlotJuggler does it): producers may append from any thread; they push under a
// mutex and emit one cheap queued signal when the buffer goes from empty to non-empty. The GUI side
// then arms a single-shot ~40 ms timer (only if it is idle), drains everything pending under one
// lock and replots once. A chart therefore never replots per sample, however fast data arrives.
//
// Threading: construct, theme and read on the GUI thread; LineSeriesChart::append and clear may be
// called from any thread.
#pragma once

#include <QColor>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QPoint>
#include <QStringList>
#include <QVector>

#include <functional>

class QCustomPlot;
class QJsonObject;
class QMenu;
class QTimer;
class QWidget;

struct ChartTheme {
  QColor background{Qt::white};
  QColor foreground{0x33, 0x3a, 0x45};
  QColor grid{0xe3, 0xe7, 0xee};
  QColor accent{0x3d, 0x6f, 0xe0};
};

class ChartAdapter : public QObject {
  Q_OBJECT
 public:
  static constexpr int kReplotIntervalMs = 40;

  explicit ChartAdapter(QWidget* parent);
  ~ChartAdapter() override;

  // The widget to place in a layout (owned by the parent given to the constructor).
  QWidget* widget() const;
  virtual void setTheme(const ChartTheme& theme);
  int replotCount() const { return m_replots; }
  // The chart laid out at width x height and drawn `scale` times as large (sharp when shown at
  // width x height on a high-density screen or page), pending data included — for reports (HTML,
  // PDF); needs no visible window (works on the offscreen platform). GUI thread.
  QImage renderImage(int width, int height, double scale = 1.0);
  // Writes the chart laid out at width x height to `path`: .png (drawn twice as large, sharp on
  // high-density screens) or .svg (SvgPaintDevice: vector shapes and text, images embedded).
  // False with a message naming the file otherwise. GUI thread.
  bool saveImage(const QString& path, int width, int height, QString* error = nullptr);
  // Writes the chart's data to `path`: .csv or .json (see each view). The base has none to write:
  // false with a message. GUI thread.
  virtual bool saveData(const QString& path, QString* error = nullptr) const;
  // A short title for reports and captions (empty when the view has none).
  virtual QString chartTitle() const { return QString(); }
  // The right-click menu, off until enabled: save the image (PNG/SVG), save the data (CSV/JSON),
  // add to the benchmark report, then the view's own actions. The menu only emits the signals
  // below; the owner asks for the file and calls saveImage / saveData.
  void setExportMenu(bool enabled);
  bool hasExportMenu() const { return m_exportMenu; }

 public slots:
  // Arms the coalescing timer if it is idle (GUI thread).
  void scheduleReplot();

 signals:
  // Emitted (from any thread) when new data is pending; connected queued to scheduleReplot().
  void dataPending();
  void replotted();
  void exportImageRequested();
  void exportDataRequested();
  void addToReportRequested();

 protected:
  // Moves pending data into the plot. Called on the GUI thread just before a replot.
  virtual void drainPending() = 0;
  QCustomPlot* plot() const { return m_plot; }
  const ChartTheme& theme() const { return m_theme; }
  // Actions a view adds below the export ones (e.g. reset zoom).
  virtual void addMenuActions(QMenu& menu) { Q_UNUSED(menu); }
  // The one data writer of every view: by the path's suffix, .csv from the rows `csv` makes (the
  // first is the header; fields with commas, quotes or line breaks are quoted) or .json from the
  // object `json` makes; written atomically. False with a message naming the file otherwise.
  static bool writeData(const QString& path, const std::function<QVector<QStringList>()>& csv,
                        const std::function<QJsonObject()>& json, QString* error);

 private:
  void replotNow();
  void showMenu(const QPoint& pos);
  QCustomPlot* m_plot;
  QTimer* m_timer;
  ChartTheme m_theme;
  int m_replots = 0;
  bool m_exportMenu = false;
};

// A single line series (x ascending), e.g. tokens per second over a generation.
class LineSeriesChart : public ChartAdapter {
  Q_OBJECT
 public:
  explicit LineSeriesChart(QWidget* parent);

  void setAxisLabels(const QString& x, const QString& y);
  void setTheme(const ChartTheme& theme) override;
  // Any thread.
  void append(double x, double y);
  void clear();
  // Points drawn so far (GUI thread; excludes points still pending).
  int pointCount() const;
  // The newest point, pending ones included ((0, 0) when there is none). Any thread.
  QPointF lastPoint() const;

 protected:
  void drainPending() override;

 private:
  mutable QMutex m_mutex;
  QVector<QPointF> m_pending;
  bool m_clearPending = false;
  double m_maxY = 0;
};
