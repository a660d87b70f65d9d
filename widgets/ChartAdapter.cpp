// ChartAdapter and LineSeriesChart (see header).
#include "ChartAdapter.h"

#include "SvgPaintDevice.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSaveFile>
#include <QTimer>

ChartAdapter::ChartAdapter(QWidget* parent) : QObject(parent), m_plot(new QCustomPlot(parent)), m_timer(new QTimer(this)) {
  m_plot->setObjectName(QStringLiteral("chart"));
  m_plot->setMinimumHeight(90);
  m_plot->setNotAntialiasedElements(QCP::aeAll);
  m_plot->setAntialiasedElements(QCP::aePlottables);
  m_timer->setSingleShot(true);
  m_timer->setInterval(kReplotIntervalMs);
  connect(m_timer, &QTimer::timeout, this, &ChartAdapter::replotNow);
  // Queued even when emitted on the GUI thread: the producer never runs GUI code.
  connect(this, &ChartAdapter::dataPending, this, &ChartAdapter::scheduleReplot, Qt::QueuedConnection);
}

ChartAdapter::~ChartAdapter() = default;

QWidget* ChartAdapter::widget() const { return m_plot; }

void ChartAdapter::scheduleReplot() {
  if (!m_timer->isActive()) m_timer->start();
}

void ChartAdapter::replotNow() {
  drainPending();
  m_plot->replot(QCustomPlot::rpQueuedReplot);
  ++m_replots;
  emit replotted();
}

QImage ChartAdapter::renderImage(int width, int height, double scale) {
  drainPending();
  m_plot->replot(QCustomPlot::rpImmediateRefresh);
  return m_plot->toPixmap(width, height, scale).toImage();
}

bool ChartAdapter::saveImage(const QString& path, int width, int height, QString* error) {
  auto failWith = [&](const QString& message) {
    if (error) *error = message;
    return false;
  };
  const QString ext = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  if (ext == u"png") {
    const QImage image = renderImage(width, height, 2.0);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) return failWith(tr("%1: the chart could not be drawn.").arg(path));
  } else if (ext == u"svg") {
    drainPending();
    SvgPaintDevice device(width, height);
    {
      QCPPainter painter(&device);
      m_plot->toPainter(&painter, width, height);
    }
    bytes = device.svg().toUtf8();
  } else {
    return failWith(tr("%1: save a chart as .png or .svg.").arg(path));
  }
  QSaveFile file(path);  // a temporary file renamed on commit: no half-written image
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    return failWith(tr("%1: cannot write: %2").arg(path, file.errorString()));
  return true;
}

bool ChartAdapter::saveData(const QString& path, QString* error) const {
  if (error) *error = tr("%1: this chart has no data to save.").arg(path);
  return false;
}

bool ChartAdapter::writeData(const QString& path, const std::function<QVector<QStringList>()>& csv,
                             const std::function<QJsonObject()>& json, QString* error) {
  auto failWith = [&](const QString& message) {
    if (error) *error = message;
    return false;
  };
  const QString ext = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  if (ext == u"csv") {
    QString out;
    for (const QStringList& row : csv()) {
      QStringList fields;
      for (QString f : row) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n')) f = u'"' + f.replace(u'"', QStringLiteral("\"\"")) + u'"';
        fields.append(f);
      }
      out += fields.join(u',') + u'\n';
    }
    bytes = out.toUtf8();
  } else if (ext == u"json") {
    bytes = QJsonDocument(json()).toJson(QJsonDocument::Compact);
  } else {
    return failWith(tr("%1: save the data as .csv or .json.").arg(path));
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    return failWith(tr("%1: cannot write: %2").arg(path, file.errorString()));
  return true;
}

void ChartAdapter::setExportMenu(bool enabled) {
  if (enabled == m_exportMenu) return;
  m_exportMenu = enabled;
  if (enabled) {
    m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_plot, &QWidget::customContextMenuRequested, this, &ChartAdapter::showMenu);
  } else {
    m_plot->setContextMenuPolicy(Qt::DefaultContextMenu);
    disconnect(m_plot, &QWidget::customContextMenuRequested, this, &ChartAdapter::showMenu);
  }
}

void ChartAdapter::showMenu(const QPoint& pos) {
  QMenu menu(m_plot);
  menu.addAction(tr("Save image (PNG or SVG)…"), this, &ChartAdapter::exportImageRequested);
  menu.addAction(tr("Save data (CSV or JSON)…"), this, &ChartAdapter::exportDataRequested);
  menu.addAction(tr("Add to the benchmark report"), this, &ChartAdapter::addToReportRequested);
  const int before = int(menu.actions().size());
  QAction* separator = menu.addSeparator();
  addMenuActions(menu);
  if (menu.actions().size() == before + 1) menu.removeAction(separator);
  menu.exec(m_plot->mapToGlobal(pos));
}

void ChartAdapter::setTheme(const ChartTheme& theme) {
  m_theme = theme;
  m_plot->setBackground(theme.background);
  for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
    axis->setBasePen(QPen(theme.grid));
    axis->setTickPen(QPen(theme.grid));
    axis->setSubTickPen(Qt::NoPen);
    axis->setTickLabelColor(theme.foreground);
    axis->setLabelColor(theme.foreground);
    axis->grid()->setPen(QPen(theme.grid, 1, Qt::DotLine));
  }
  m_plot->replot();
}

LineSeriesChart::LineSeriesChart(QWidget* parent) : ChartAdapter(parent) {
  plot()->addGraph();
  plot()->xAxis->setRange(0, 10);
  plot()->yAxis->setRange(0, 1);
  plot()->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot()->axisRect()->setMargins(QMargins(0, 6, 10, 0));
  setTheme(theme());
}

void LineSeriesChart::setAxisLabels(const QString& x, const QString& y) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(y);
  plot()->replot();
}

void LineSeriesChart::setTheme(const ChartTheme& t) {
  QColor fill = t.accent;
  fill.setAlpha(40);
  plot()->graph(0)->setPen(QPen(t.accent, 2));
  plot()->graph(0)->setBrush(fill);
  ChartAdapter::setTheme(t);
}

void LineSeriesChart::append(double x, double y) {
  bool wasEmpty;
  {
    QMutexLocker lock(&m_mutex);
    wasEmpty = m_pending.isEmpty();
    m_pending.append({x, y});
  }
  if (wasEmpty) emit dataPending();
}

void LineSeriesChart::clear() {
  {
    QMutexLocker lock(&m_mutex);
    m_pending.clear();
    m_clearPending = true;
  }
  emit dataPending();
}

int LineSeriesChart::pointCount() const { return plot()->graph(0)->dataCount(); }

QPointF LineSeriesChart::lastPoint() const {
  QMutexLocker lock(&m_mutex);
  if (!m_pending.isEmpty()) return m_pending.last();
  if (m_clearPending) return {};
  const QCPGraph* g = plot()->graph(0);
  if (g->dataCount() == 0) return {};
  const auto last = g->data()->constEnd() - 1;
  return {last->key, last->value};
}

void LineSeriesChart::drainPending() {
  QVector<QPointF> points;
  bool clear;
  {
    QMutexLocker lock(&m_mutex);
    points.swap(m_pending);
    clear = m_clearPending;
    m_clearPending = false;
  }
  QCPGraph* g = plot()->graph(0);
  if (clear) {
    g->data()->clear();
    m_maxY = 0;
  }
  QVector<double> xs, ys;
  xs.reserve(points.size());
  ys.reserve(points.size());
  for (const auto& p : points) {
    xs.append(p.x());
    ys.append(p.y());
    m_maxY = std::max(m_maxY, p.y());
  }
  g->addData(xs, ys, true);
  const double maxX = g->data()->isEmpty() ? 10 : std::max(10.0, (g->data()->constEnd() - 1)->key);
  plot()->xAxis->setRange(0, maxX);
  plot()->yAxis->setRange(0, m_maxY > 0 ? m_maxY * 1.15 : 1);
}
