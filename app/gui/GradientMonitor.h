// GradientMonitor: flags vanishing and exploding gradients as a run reports them, globally and per
// decoder layer, so the Fine-tune area can point at the step and layer where training goes wrong.
//
// Rules (applied to every step report; the thresholds are the constants below):
//  - exploding: a norm above kExplodingAbsolute, or above kSpikeFactor times the median of the
//    same norm over the previous kWindow steps (once kMinHistory steps are known) — a spike;
//  - vanishing: a norm below kVanishingAbsolute, or a layer's norm below kLayerRatio times the
//    median of the trainable layers' norms in the same step (the layer learns nothing while the
//    others do).
// Layers with nothing to train (untargeted by LoRA) are skipped: their norm is 0 by construction.
// Pure logic on plain numbers; no Qt widgets, no engine types. Threading: any, one at a time.
#pragma once

#include <QVector>

#include <vector>

struct GradientFlag {
  enum class Kind { Vanishing, Exploding };
  qint64 step = 0;
  int layer = -1;  // -1: the global norm
  Kind kind = Kind::Vanishing;
  double value = 0;
  double reference = 0;  // the median it was compared with (0 for absolute thresholds)
};

class GradientMonitor {
 public:
  static constexpr double kExplodingAbsolute = 1e3;
  static constexpr double kVanishingAbsolute = 1e-7;
  static constexpr double kSpikeFactor = 10.0;
  static constexpr double kLayerRatio = 1e-3;
  static constexpr int kWindow = 20;
  static constexpr int kMinHistory = 5;

  // Which layers have trainable parameters (empty: all of them).
  void setTrainableLayers(const QVector<bool>& trainable) { m_trainable = trainable; }
  // The flags raised by one step's norms (also kept in flags()).
  QVector<GradientFlag> observe(qint64 step, double global, const std::vector<double>& layers);
  void reset();

  const QVector<GradientFlag>& flags() const { return m_flags; }
  int count(GradientFlag::Kind kind) const;

  static double median(QVector<double> values);

 private:
  bool trainable(int layer) const { return m_trainable.isEmpty() || m_trainable.value(layer); }
  void check(qint64 step, int layer, double value, QVector<double>& history, QVector<GradientFlag>& out);

  QVector<bool> m_trainable;
  QVector<double> m_global;
  QVector<QVector<double>> m_layers;
  QVector<GradientFlag> m_flags;
};
