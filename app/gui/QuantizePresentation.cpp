// QuantizePresentation (see header).
#include "QuantizePresentation.h"

#include "Format.h"

#include <dsw/bench.h>

#include <QFileInfo>

#include <algorithm>
#include <map>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString fixed(double v, int digits) { return QString::number(v, 'f', digits); }

QString percent(double share) { return QStringLiteral("%1%").arg(share * 100, 0, 'f', 1); }

QString small(double v) {
  if (v == 0) return QStringLiteral("0");
  if (std::abs(v) >= 0.01) return fixed(v, 4);
  return QString::number(v, 'g', 3);
}

}  // namespace

QString QuantizeView::signedPercent(double value) {
  const QString body = QString::number(std::abs(value), 'f', 2);
  return (value < 0 ? QStringLiteral("−") : QStringLiteral("+")) + body + u'%';
}

QString QuantizeView::headline(const dsw::QuantizeReport& r, const std::optional<dsw::BenchRow>& quality) {
  QStringList parts;
  if (r.bytes_after > 0) parts << tr("%1× smaller").arg(double(r.bytes_before) / double(r.bytes_after), 0, 'f', 2);
  if (quality && quality->delta_ppl_pct) parts << tr("Δppl %1").arg(signedPercent(*quality->delta_ppl_pct));
  if (quality && quality->kld_mean) parts << tr("KL %1").arg(small(*quality->kld_mean));
  if (quality && quality->top1_agreement) parts << tr("top-1 %1").arg(percent(*quality->top1_agreement));
  if (quality && quality->routing_jaccard) parts << tr("routing %1").arg(percent(*quality->routing_jaccard));
  return parts.join(QStringLiteral(" · "));
}

QList<KeyValueSection> QuantizeView::summary(const dsw::QuantizeReport& r, const std::optional<dsw::BenchRow>& quality,
                                             const QString& qualityNote) {
  QList<KeyValueSection> out;
  KeyValueSection job{tr("Job"), {}};
  job.rows << KeyValueRow{tr("Original"), q(r.model_path), {}, true};
  if (!r.output_path.empty())
    job.rows << KeyValueRow{tr("Written to"), q(r.output_path), tr("Format: %1").arg(q(r.output_format)), true};
  job.rows << KeyValueRow{tr("Scheme"), q(r.scheme)} << KeyValueRow{tr("Method"), q(r.method)};
  if (!r.calib_file.empty())
    job.rows << KeyValueRow{tr("Calibration"), tr("%1 tokens from %2").arg(r.calib_tokens).arg(QFileInfo(q(r.calib_file)).fileName()),
                            q(r.calib_file)};
  job.rows << KeyValueRow{tr("Time"), Format::duration(r.seconds)};
  out << job;

  KeyValueSection size{tr("Size"), {}};
  size.rows << KeyValueRow{tr("Weights before"), Format::bytes(r.bytes_before)} << KeyValueRow{tr("Weights after"), Format::bytes(r.bytes_after)};
  if (r.bytes_after > 0)
    size.rows << KeyValueRow{tr("Ratio"), tr("%1× smaller").arg(double(r.bytes_before) / double(r.bytes_after), 0, 'f', 2)};
  if (r.output_bytes) size.rows << KeyValueRow{tr("File on disk"), Format::bytes(r.output_bytes)};
  out << size;

  KeyValueSection verdict{tr("Quality against the original"), {}};
  if (quality) {
    const dsw::BenchRow& b = *quality;
    if (b.perplexity && b.reference_perplexity)
      verdict.rows << KeyValueRow{tr("Perplexity"), tr("%1 → %2").arg(fixed(*b.reference_perplexity, 4), fixed(*b.perplexity, 4)),
                                  tr("Original → quantized, on %1").arg(q(b.eval_file.value_or("")))};
    if (b.delta_ppl_pct) verdict.rows << KeyValueRow{tr("Δppl"), signedPercent(*b.delta_ppl_pct)};
    if (b.kld_mean) verdict.rows << KeyValueRow{tr("KL divergence (mean)"), small(*b.kld_mean), tr("nats per token")};
    if (b.kld_p99) verdict.rows << KeyValueRow{tr("KL divergence (p99)"), small(*b.kld_p99), tr("nats per token")};
    if (b.top1_agreement) verdict.rows << KeyValueRow{tr("Top-1 agreement"), percent(*b.top1_agreement)};
    if (b.routing_jaccard) verdict.rows << KeyValueRow{tr("Routing agreement (Jaccard)"), percent(*b.routing_jaccard)};
    if (b.routing_changed) verdict.rows << KeyValueRow{tr("Routings changed"), percent(*b.routing_changed)};
    if (b.layer_error_max) verdict.rows << KeyValueRow{tr("Largest layer error"), small(*b.layer_error_max)};
    if (b.notes) verdict.rows << KeyValueRow{tr("Measured"), q(*b.notes)};
  } else {
    verdict.rows << KeyValueRow{tr("Not measured"), qualityNote.isEmpty() ? tr("Give an evaluation text to measure Δppl, KL and agreement.") : qualityNote};
  }
  out << verdict;

  KeyValueSection fallbacks{tr("Kept and fallbacks"), {}};
  int quantized = 0, kept = 0, fellBack = 0;
  for (const auto& l : r.linears) {
    if (l.method == "kept") ++kept;
    else if (l.method == "fallback") ++fellBack;
    else ++quantized;
  }
  fallbacks.rows << KeyValueRow{tr("Linears quantized"), QString::number(quantized)} << KeyValueRow{tr("Kept as they were"), QString::number(kept)};
  if (fellBack || !r.type_fallbacks.empty()) {
    QStringList list;
    for (const auto& f : r.type_fallbacks) list << q(f);
    fallbacks.rows << KeyValueRow{tr("Type fallbacks"), QString::number(std::max<qsizetype>(fellBack, list.size())), list.join(u'\n')};
  }
  if (!r.rtn_fallback_experts.empty()) {
    QStringList list;
    for (const auto& f : r.rtn_fallback_experts) list << q(f);
    fallbacks.rows << KeyValueRow{tr("Experts without calibration tokens (RTN)"), QString::number(list.size()), list.join(u'\n')};
  }
  out << fallbacks;
  return out;
}

QuantizeLayerErrors QuantizeView::layerErrors(const dsw::QuantizeReport& r, const std::optional<dsw::BenchRow>& quality) {
  QuantizeLayerErrors out;
  std::map<int64_t, double> perLayer;
  if (quality && quality->quality_layers) {
    const dsw::QualityLayers layers = dsw::quality_layers_from_json(*quality->quality_layers);
    for (size_t i = 0; i < layers.error.size(); ++i)
      if (layers.error[i] >= 0) perLayer[int64_t(i)] = layers.error[i];
    out.axisTitle = tr("Output error on the evaluation text");
  }
  if (perLayer.empty()) {
    bool output = false;
    for (const auto& l : r.linears)
      if (l.layer >= 0 && l.output_error >= 0) output = true;
    for (const auto& l : r.linears) {
      if (l.layer < 0 || l.method == "kept") continue;
      const double v = output ? l.output_error : l.weight_error;
      if (v < 0) continue;
      auto [it, fresh] = perLayer.emplace(l.layer, v);
      if (!fresh) it->second = std::max(it->second, v);
    }
    out.axisTitle = output ? tr("Largest output error on calibration data") : tr("Largest weight error ‖W − Ŵ‖/‖W‖");
  }
  std::vector<double> values;
  for (const auto& [layer, v] : perLayer) values.push_back(v);
  double median = 0;
  if (!values.empty()) {
    std::vector<double> sorted = values;
    std::nth_element(sorted.begin(), sorted.begin() + ptrdiff_t(sorted.size() / 2), sorted.end());
    median = sorted[sorted.size() / 2];
  }
  for (const auto& [layer, v] : perLayer)
    out.bars.append({QString::number(layer), v, 0, values.size() > 2 && median > 0 && v > 2 * median ? BarChart::Tone::Worse : BarChart::Tone::Neutral});
  return out;
}

QuantizeCoverage QuantizeView::coverage(const dsw::QuantizeReport& r) {
  QuantizeCoverage c;
  if (r.experts <= 0 || r.layers <= 0 || r.expert_tokens.size() != size_t(r.layers * r.experts)) return c;
  c.layers = int(r.layers);
  c.experts = int(r.experts);
  c.counts.reserve(qsizetype(r.expert_tokens.size()));
  for (int64_t n : r.expert_tokens) {
    c.counts.append(n);
    if (n == 0) ++c.starved;
  }
  return c;
}

QStringList QuantizeView::linearColumns() {
  return {tr("Linear"), tr("Stored as"), tr("Method"), tr("Tokens"), tr("Weight error"), tr("Output error"), tr("Size"), tr("Note")};
}

QVector<QStringList> QuantizeView::linearRows(const dsw::QuantizeReport& r) {
  QVector<QStringList> rows;
  rows.reserve(qsizetype(r.linears.size()));
  for (const auto& l : r.linears)
    rows.append({q(l.name), q(l.scheme), q(l.method), QString::number(l.tokens), small(l.weight_error),
                 l.output_error >= 0 ? small(l.output_error) : QStringLiteral("—"),
                 QStringLiteral("%1 → %2").arg(Format::bytes(l.bytes_before), Format::bytes(l.bytes_after)), q(l.note)});
  return rows;
}
