// GradientMonitor (see header).
#include "GradientMonitor.h"

#include <algorithm>
#include <cmath>

double GradientMonitor::median(QVector<double> v) {
  if (v.isEmpty()) return 0;
  std::sort(v.begin(), v.end());
  const qsizetype n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void GradientMonitor::reset() {
  m_global.clear();
  m_layers.clear();
  m_flags.clear();
}

int GradientMonitor::count(GradientFlag::Kind kind) const {
  return int(std::count_if(m_flags.begin(), m_flags.end(), [&](const GradientFlag& f) { return f.kind == kind; }));
}

void GradientMonitor::check(qint64 step, int layer, double value, QVector<double>& history, QVector<GradientFlag>& out) {
  if (!std::isfinite(value) || value > kExplodingAbsolute) {
    out.append({step, layer, GradientFlag::Kind::Exploding, value, 0});
  } else if (history.size() >= kMinHistory) {
    const double m = median(history.mid(std::max<qsizetype>(0, history.size() - kWindow)));
    if (m > 0 && value > kSpikeFactor * m) out.append({step, layer, GradientFlag::Kind::Exploding, value, m});
  }
  if (value < kVanishingAbsolute) out.append({step, layer, GradientFlag::Kind::Vanishing, value, 0});
  history.append(value);
  if (history.size() > 4 * kWindow) history.remove(0, history.size() - kWindow);
}

QVector<GradientFlag> GradientMonitor::observe(qint64 step, double global, const std::vector<double>& layers) {
  QVector<GradientFlag> out;
  check(step, -1, global, m_global, out);
  if (m_layers.size() < qsizetype(layers.size())) m_layers.resize(qsizetype(layers.size()));
  QVector<double> trained;
  for (size_t l = 0; l < layers.size(); ++l)
    if (trainable(int(l))) trained.append(layers[l]);
  const double stepMedian = median(trained);
  for (size_t l = 0; l < layers.size(); ++l) {
    if (!trainable(int(l))) continue;
    const qsizetype before = out.size();
    check(step, int(l), layers[l], m_layers[qsizetype(l)], out);
    const bool vanished = std::any_of(out.begin() + before, out.end(), [](const GradientFlag& f) { return f.kind == GradientFlag::Kind::Vanishing; });
    if (!vanished && trained.size() >= 2 && stepMedian > 0 && layers[l] < kLayerRatio * stepMedian)
      out.append({step, int(l), GradientFlag::Kind::Vanishing, layers[l], stepMedian});
  }
  m_flags += out;
  return out;
}
