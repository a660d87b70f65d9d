// heatmap_bench [N] [REPS]: redraw times of the Inspect heatmap (widgets/HeatmapView) under the
// offscreen platform — an N x N causal attention map (default 2,048, the full-resolution window of
// a long prompt) and a 256 x 256 tile overview (what an 8,192-token head map is shown as). For each:
// the first draw after setData (pooling + colouring + painting), a replot after zooming into a
// quarter, a replot after panning, and a plain repaint of the widget, in milliseconds (median of
// REPS, default 15). docs/performance.md quotes it; not a test.
#include "HeatmapView.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

namespace {

// The view with its draw steps reachable: drain the pending matrix, replot into the widget.
class BenchView : public HeatmapView {
 public:
  using HeatmapView::HeatmapView;
  void drawNow() {
    drainPending();
    plot()->replot(QCustomPlot::rpImmediateRefresh);
  }
};

HeatmapData causalMap(int n, unsigned seed) {
  HeatmapData d;
  d.rows = d.cols = n;
  d.values.resize(qsizetype(n) * n);
  std::mt19937 rng(seed);
  std::exponential_distribution<float> ex(1.0f);
  for (int q = 0; q < n; ++q) {
    float sum = 0;
    for (int k = 0; k <= q; ++k) sum += d.values[q * n + k] = ex(rng);
    for (int k = 0; k <= q; ++k) d.values[q * n + k] /= sum;
    for (int k = q + 1; k < n; ++k) d.values[q * n + k] = std::numeric_limits<float>::quiet_NaN();
  }
  for (int i = 0; i < n; ++i) d.rowLabels.append(QStringLiteral("tok%1").arg(i));
  d.colLabels = d.rowLabels;
  d.title = QStringLiteral("bench");
  d.min = 0;
  return d;
}

// CPU time of this thread (ms): on a shared machine the wall clock also counts waiting for a core.
double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void measure(const char* what, int n, int reps) {
  QWidget host;
  host.resize(900, 800);
  BenchView view(&host);
  view.widget()->resize(900, 800);
  host.show();
  QApplication::processEvents();
  const HeatmapData data = causalMap(n, 1);
  std::vector<double> first, zoom, pan, repaint, firstCpu, zoomCpu, panCpu;
  QElapsedTimer t;
  double c0 = 0;
  for (int r = 0; r < reps; ++r) {
    HeatmapData d = data;
    d.title = QStringLiteral("bench %1").arg(r);  // a new matrix each time
    t.start();
    c0 = cpuMs();
    view.setData(d);
    view.drawNow();  // what the coalesced replot does
    first.push_back(double(t.nsecsElapsed()) / 1e6);
    firstCpu.push_back(cpuMs() - c0);
    t.start();
    c0 = cpuMs();
    view.zoomTo(n / 4, n / 2, n / 8, n / 8 + n / 4);
    view.drawNow();
    zoom.push_back(double(t.nsecsElapsed()) / 1e6);
    zoomCpu.push_back(cpuMs() - c0);
    t.start();
    c0 = cpuMs();
    view.zoomTo(n / 4 + n / 16, n / 2 + n / 16, n / 8, n / 8 + n / 4);
    view.drawNow();
    pan.push_back(double(t.nsecsElapsed()) / 1e6);
    panCpu.push_back(cpuMs() - c0);
    view.resetView();
    view.drawNow();
    t.start();
    view.widget()->repaint();
    repaint.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  std::printf("%-28s %5d x %-5d wall: first draw %6.1f ms, zoom %6.1f ms, pan %6.1f ms, repaint %5.1f ms | "
              "CPU: first draw %6.1f ms, zoom %6.1f ms, pan %6.1f ms (medians of %d)\n",
              what, n, n, median(first), median(zoom), median(pan), median(repaint), median(firstCpu), median(zoomCpu), median(panCpu),
              reps);
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const int n = argc > 1 ? std::atoi(argv[1]) : 2048;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 15;
  measure("head map (full resolution)", n, reps);
  measure("8,192-token overview", 256, reps);
  return 0;
}
